package io.facegate.detect;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

class WeightedNmsTest {

    @Test
    void overlappingBoxesMergeIntoTheScoreWeightedMean() {
        Detection a = box(0, 0, 100, 0.9);
        Detection b = box(10, 0, 100, 0.3);
        List<Detection> merged = WeightedNms.merge(List.of(b, a), 0.3);
        assertThat(merged, hasSize(1));
        assertThat(merged.getFirst().x(), closeTo((0 * 0.9 + 10 * 0.3) / 1.2, 1e-9));
        assertThat(merged.getFirst().score(), is(0.9));
        assertThat(merged.getFirst().keypoint(0).x(), closeTo((0 * 0.9 + 10 * 0.3) / 1.2, 1e-9));
    }

    @Test
    void separateFacesStaySeparate() {
        List<Detection> merged = WeightedNms.merge(List.of(box(0, 0, 50, 0.8), box(200, 0, 50, 0.7)), 0.3);
        assertThat(merged, hasSize(2));
        assertThat(merged.get(0).score(), is(0.8));
    }

    @Test
    void iouOfBoxes() {
        assertThat(box(0, 0, 10, 1).iou(box(5, 0, 10, 1)), closeTo(50.0 / 150.0, 1e-9));
        assertThat(box(0, 0, 10, 1).iou(box(20, 0, 10, 1)), is(0.0));
    }

    static Detection box(double x, double y, double size, double score) {
        List<Point> keypoints = List.of(new Point(x, y), new Point(x + 1, y), new Point(x, y + 1), new Point(x, y + 2),
                new Point(x - 1, y), new Point(x + 2, y));
        return new Detection(x, y, size, size, score, keypoints);
    }
}
