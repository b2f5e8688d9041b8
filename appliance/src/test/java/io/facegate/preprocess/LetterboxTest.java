package io.facegate.preprocess;

import org.junit.jupiter.api.Test;

import io.facegate.decode.RgbImage;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

class LetterboxTest {

    @Test
    void wideImageIsCentredWithBlackBarsAboveAndBelow() {
        RgbImage white = solid(400, 200, 0xFFFFFF);
        ModelInput input = Letterbox.prepare(white, Region.whole(400, 200), 100);
        LetterboxTransform t = input.transform();
        assertThat(t.scale(), closeTo(0.25, 1e-9));
        assertThat(t.padY(), closeTo(25, 1e-9));
        assertThat(t.padX(), closeTo(0, 1e-9));
        assertThat((double) value(input, 50, 10, 0), closeTo(-1, 1e-6));   // padding
        assertThat((double) value(input, 50, 50, 0), closeTo(1, 1e-6));    // white is +1
        assertThat((double) value(input, 50, 80, 2), closeTo(-1, 1e-6));
    }

    @Test
    void transformMapsInputCoordinatesBackToTheRegion() {
        RgbImage image = solid(400, 200, 0);
        LetterboxTransform t = Letterbox.prepare(image, new Region(100, 50, 200, 100), 100).transform();
        assertThat(t.imageX(0), closeTo(100, 1e-9));
        assertThat(t.imageX(1), closeTo(300, 1e-9));
        assertThat(t.imageY(0.25), closeTo(50, 1e-9));   // content starts below 25 px of padding
        assertThat(t.imageY(0.75), closeTo(150, 1e-9));
        assertThat(t.imageLength(0.5), closeTo(100, 1e-9));
    }

    @Test
    void downscalingAveragesAndUpscalingInterpolates() {
        int[] stripes = new int[64 * 64];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = (i % 64) % 2 == 0 ? 0xFFFFFF : 0;
        }
        ModelInput down = Letterbox.prepare(new RgbImage(64, 64, stripes), Region.whole(64, 64), 16);
        // Alternating black and white columns average to mid grey, not to one of the two.
        assertThat((double) value(down, 8, 8, 1), closeTo(0, 0.01));
        ModelInput up = Letterbox.prepare(solid(8, 8, 0x808080), Region.whole(8, 8), 32);
        assertThat((double) value(up, 16, 16, 0), closeTo(128 / 127.5 - 1, 1e-5));
    }

    private static float value(ModelInput input, int x, int y, int channel) {
        int size = input.transform().size();
        return input.tensor()[(y * size + x) * 3 + channel];
    }

    private static RgbImage solid(int w, int h, int rgb) {
        int[] pixels = new int[w * h];
        java.util.Arrays.fill(pixels, rgb);
        return new RgbImage(w, h, pixels);
    }
}
