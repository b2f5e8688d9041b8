package io.facegate.detect;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.facegate.preprocess.Region;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;

class FaceDetectorTilesTest {

    @Test
    void tilesCoverTheImageWithTheConfiguredOverlap() {
        List<Region> tiles = FaceDetector.tiles(Region.whole(1920, 1080), profile(3, 0.2));
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
        assertThat(FaceDetector.tiles(Region.whole(500, 400), profile(3, 0.2)), empty());
        assertThat(FaceDetector.tiles(Region.whole(4000, 3000), profile(0, 0.2)), empty());
    }

    @Test
    void aRegionIsTiledWithinItsOwnBounds() {
        Region area = new Region(100, 50, 1200, 900);
        List<Region> tiles = FaceDetector.tiles(area, profile(2, 0.2));
        assertThat(tiles, hasSize(4));
        assertThat(tiles.getFirst().x(), closeTo(100, 1e-9));
        assertThat(tiles.getFirst().y(), closeTo(50, 1e-9));
        assertThat(tiles.getLast().right(), closeTo(1300, 1e-6));
        assertThat(tiles.getLast().bottom(), closeTo(950, 1e-6));
    }

    private static DetectionProfile profile(int grid, double overlap) {
        return new DetectionProfile(0.7, 0.3, 100, true, grid, overlap, 512);
    }
}
