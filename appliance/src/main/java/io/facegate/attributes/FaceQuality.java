package io.facegate.attributes;

import io.facegate.decode.RgbImage;
import io.facegate.detect.Detection;
import io.facegate.face.Face;
import io.facegate.preprocess.Letterbox;
import io.facegate.preprocess.LetterboxTransform;
import io.facegate.preprocess.ModelInput;
import io.facegate.preprocess.Region;

/**
 * Brightness and sharpness of a face's own pixels (the box, clipped to the image).
 *
 * <p>Brightness is the mean Rec. 601 luma over white (0..1). Sharpness is the variance of the 4-neighbour
 * Laplacian of the face resampled to at most {@value #SIZE}×{@value #SIZE} luma (so a face's size barely changes
 * it), mapped to 0..1 by {@code 1 − exp(−variance / SHARPNESS_SCALE)}.
 */
final class FaceQuality {

    private static final int SIZE = 64;
    /**
     * Laplacian variance (luma 0..255) that maps to 0.63. Faces taller than a tenth of the photo in 80 widerface-dev
     * photos had a median variance of 540 (10th–90th percentile 106–1346), which this maps to 0.80 (0.27–0.98).
     */
    private static final double SHARPNESS_SCALE = 330;

    private FaceQuality() {
    }

    static Face.Quality of(Detection d, RgbImage image) {
        double x0 = Math.max(0, d.x());
        double y0 = Math.max(0, d.y());
        double x1 = Math.min(image.width(), d.x() + d.width());
        double y1 = Math.min(image.height(), d.y() + d.height());
        if (x1 - x0 < 3 || y1 - y0 < 3) {
            return new Face.Quality(0, 0);
        }
        ModelInput face = Letterbox.prepare(image, new Region(x0, y0, x1 - x0, y1 - y0), SIZE);
        LetterboxTransform t = face.transform();
        // Only the content part of the letterboxed square holds face pixels.
        int left = (int) Math.ceil(t.padX());
        int right = SIZE - left;
        int top = (int) Math.ceil(t.padY());
        int bottom = SIZE - top;
        float[] rgb = face.tensor();
        double[] luma = new double[SIZE * SIZE];
        double sum = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                int i = y * SIZE + x;
                luma[i] = 127.5 * (0.299 * (rgb[3 * i] + 1) + 0.587 * (rgb[3 * i + 1] + 1) + 0.114 * (rgb[3 * i + 2] + 1));
                sum += luma[i];
            }
        }
        double brightness = sum / ((right - left) * (bottom - top)) / 255;
        return new Face.Quality(brightness, sharpness(luma, left + 1, right - 1, top + 1, bottom - 1));
    }

    private static double sharpness(double[] luma, int x0, int x1, int y0, int y1) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                int i = y * SIZE + x;
                double lap = luma[i - 1] + luma[i + 1] + luma[i - SIZE] + luma[i + SIZE] - 4 * luma[i];
                sum += lap;
                sumSq += lap * lap;
                n++;
            }
        }
        if (n == 0) {
            return 0;
        }
        double variance = sumSq / n - (sum / n) * (sum / n);
        return 1 - Math.exp(-variance / SHARPNESS_SCALE);
    }
}
