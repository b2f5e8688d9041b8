package io.facegate.preprocess;

import io.facegate.decode.RgbImage;

/**
 * Fits a region of an image into a square S×S RGB input, keeping the aspect ratio and padding with black, as
 * MediaPipe's ImageToTensor does. Values are {@code pixel / 127.5 - 1} in [-1, 1], NHWC, row 0 at the top.
 *
 * <p>Downscaling averages every source pixel under an output pixel (a box filter), so a 1920 px photo shrunk to
 * 256 does not alias; upscaling (small tiles, small images) samples bilinearly.
 */
public final class Letterbox {

    private static final float PAD = -1f;

    private Letterbox() {
    }

    public static ModelInput prepare(RgbImage image, Region region, int size) {
        double scale = size / Math.max(region.width(), region.height());
        double padX = (size - region.width() * scale) / 2;
        double padY = (size - region.height() * scale) / 2;
        float[] tensor = new float[size * size * 3];
        java.util.Arrays.fill(tensor, PAD);
        var transform = new LetterboxTransform(region, size, scale, padX, padY);
        int x0 = (int) Math.ceil(padX - 1e-9);
        int x1 = (int) Math.floor(size - padX + 1e-9);
        int y0 = (int) Math.ceil(padY - 1e-9);
        int y1 = (int) Math.floor(size - padY + 1e-9);
        if (scale < 1) {
            boxFilter(image, transform, tensor, x0, x1, y0, y1);
        } else {
            bilinear(image, transform, tensor, x0, x1, y0, y1);
        }
        return new ModelInput(tensor, transform);
    }

    private static void boxFilter(RgbImage image, LetterboxTransform t, float[] tensor, int x0, int x1, int y0, int y1) {
        int size = t.size();
        int[] colStart = new int[size + 1];
        for (int ox = x0; ox <= x1; ox++) {
            colStart[ox] = clamp((int) Math.round(t.imageX((double) ox / size)), image.width());
        }
        int[] px = image.pixels();
        int w = image.width();
        for (int oy = y0; oy < y1; oy++) {
            int sy0 = clamp((int) Math.round(t.imageY((double) oy / size)), image.height());
            int sy1 = Math.max(sy0 + 1, clamp((int) Math.round(t.imageY((double) (oy + 1) / size)), image.height()));
            sy1 = Math.min(sy1, image.height());
            for (int ox = x0; ox < x1; ox++) {
                int sx0 = colStart[ox];
                int sx1 = Math.min(Math.max(sx0 + 1, colStart[ox + 1]), w);
                long r = 0;
                long g = 0;
                long b = 0;
                for (int sy = sy0; sy < sy1; sy++) {
                    int row = sy * w;
                    for (int sx = sx0; sx < sx1; sx++) {
                        int p = px[row + sx];
                        r += p >> 16 & 0xFF;
                        g += p >> 8 & 0xFF;
                        b += p & 0xFF;
                    }
                }
                int n = Math.max(1, (sy1 - sy0) * (sx1 - sx0));
                put(tensor, (oy * size + ox) * 3, r / (float) n, g / (float) n, b / (float) n);
            }
        }
    }

    private static void bilinear(RgbImage image, LetterboxTransform t, float[] tensor, int x0, int x1, int y0, int y1) {
        int size = t.size();
        int w = image.width();
        int h = image.height();
        int[] px = image.pixels();
        for (int oy = y0; oy < y1; oy++) {
            double sy = Math.min(Math.max(t.imageY((oy + 0.5) / size) - 0.5, 0), h - 1);
            int yA = (int) sy;
            int yB = Math.min(yA + 1, h - 1);
            double fy = sy - yA;
            for (int ox = x0; ox < x1; ox++) {
                double sx = Math.min(Math.max(t.imageX((ox + 0.5) / size) - 0.5, 0), w - 1);
                int xA = (int) sx;
                int xB = Math.min(xA + 1, w - 1);
                double fx = sx - xA;
                int p00 = px[yA * w + xA];
                int p01 = px[yA * w + xB];
                int p10 = px[yB * w + xA];
                int p11 = px[yB * w + xB];
                float r = (float) lerp2(p00 >> 16 & 0xFF, p01 >> 16 & 0xFF, p10 >> 16 & 0xFF, p11 >> 16 & 0xFF, fx, fy);
                float g = (float) lerp2(p00 >> 8 & 0xFF, p01 >> 8 & 0xFF, p10 >> 8 & 0xFF, p11 >> 8 & 0xFF, fx, fy);
                float b = (float) lerp2(p00 & 0xFF, p01 & 0xFF, p10 & 0xFF, p11 & 0xFF, fx, fy);
                put(tensor, (oy * size + ox) * 3, r, g, b);
            }
        }
    }

    private static double lerp2(int a, int b, int c, int d, double fx, double fy) {
        double top = a + (b - a) * fx;
        double bottom = c + (d - c) * fx;
        return top + (bottom - top) * fy;
    }

    private static void put(float[] tensor, int at, float r, float g, float b) {
        tensor[at] = r / 127.5f - 1f;
        tensor[at + 1] = g / 127.5f - 1f;
        tensor[at + 2] = b / 127.5f - 1f;
    }

    private static int clamp(int v, int limit) {
        return Math.min(Math.max(v, 0), limit);
    }
}
