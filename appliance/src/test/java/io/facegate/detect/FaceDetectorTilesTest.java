package io.facegate.detect;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.facegate.config.FacegateConfig;
import io.facegate.preprocess.Region;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;

class FaceDetectorTilesTest {

    @Test
    void tilesCoverTheImageWithTheConfiguredOverlap() {
        FaceDetector detector = detector(3, 0.2);
        List<Region> tiles = detector.tiles(1920, 1080);
        assertThat(tiles, hasSize(9));
        Region first = tiles.getFirst();
        Region second = tiles.get(1);
        Region last = tiles.getLast();
        assertThat(first.x(), closeTo(0, 1e-9));
        assertThat(last.right(), closeTo(1920, 1e-6));
        assertThat(last.bottom(), closeTo(1080, 1e-6));
        assertThat(first.right() - second.x(), closeTo(0.2 * 1920, 1e-6));
    }

    @Test
    void smallImagesAndGridZeroAreNotTiled() {
        assertThat(detector(3, 0.2).tiles(500, 400), empty());
        assertThat(detector(0, 0.2).tiles(4000, 3000), empty());
    }

    private static FaceDetector detector(int grid, double overlap) {
        return new FaceDetector(null, Optional.empty(), new FacegateConfig.Detector(0.7, 0.3, 100, grid, overlap, 512));
    }
}
