package io.facegate.models.quant;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

/**
 * Calibration inputs made from photos: the whole photo and each tile of 2×2 and 3×3 grids overlapping by 20 % of
 * the side (the appliance's tile passes), each also mirrored; letterboxed (centred, black) to S×S, RGB,
 * {@code pixel/127.5 − 1}, NHWC, averaging source pixels when shrinking and bilinear when enlarging.
 */
public final class CalibrationImages {

    private CalibrationImages() {
    }

    public static List<float[]> inputs(List<Path> photos, int size, List<Integer> grids) throws IOException {
        List<float[]> out = new ArrayList<>();
        for (Path photo : photos) {
            BufferedImage image = ImageIO.read(photo.toFile());
            if (image == null) {
                throw new IOException("cannot decode calibration photo " + photo);
            }
            int w = image.getWidth();
            int h = image.getHeight();
            int[] px = image.getRGB(0, 0, w, h, null, 0, w);
            for (int n : grids) {
                for (double[] r : tiles(w, h, n)) {
                    out.add(letterbox(px, w, h, r, size, false));
                    out.add(letterbox(px, w, h, r, size, true));
                }
            }
        }
        return out;
    }

    /** {x, y, width, height} of an n×n grid of tiles overlapping by 20 % of the image side; n = 1 is the whole image. */
    static List<double[]> tiles(int w, int h, int n) {
        double overlap = n == 1 ? 0 : 0.2;
        double tw = w / (n - (n - 1) * overlap);
        double th = h / (n - (n - 1) * overlap);
        List<double[]> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                out.add(new double[] {i * tw * (1 - overlap), j * th * (1 - overlap), tw, th});
            }
        }
        return out;
    }

    private static float[] letterbox(int[] px, int w, int h, double[] r, int size, boolean mirror) {
        double scale = size / Math.max(r[2], r[3]);
        double padX = (size - r[2] * scale) / 2;
        double padY = (size - r[3] * scale) / 2;
        float[] t = new float[size * size * 3];
        java.util.Arrays.fill(t, -1f);
        for (int oy = (int) Math.ceil(padY); oy < (int) Math.floor(size - padY); oy++) {
            for (int ox = (int) Math.ceil(padX); ox < (int) Math.floor(size - padX); ox++) {
                double sx0 = r[0] + (ox - padX) / scale;
                double sy0 = r[1] + (oy - padY) / scale;
                double sx1 = sx0 + 1 / scale;
                double sy1 = sy0 + 1 / scale;
                double[] rgb = scale < 1 ? box(px, w, h, sx0, sy0, sx1, sy1) : bilinear(px, w, h, (sx0 + sx1) / 2 - 0.5, (sy0 + sy1) / 2 - 0.5);
                int x = mirror ? size - 1 - ox : ox;
                int at = (oy * size + x) * 3;
                for (int c = 0; c < 3; c++) {
                    t[at + c] = (float) (rgb[c] / 127.5 - 1);
                }
            }
        }
        return t;
    }

    private static double[] box(int[] px, int w, int h, double x0, double y0, double x1, double y1) {
        int ax = Math.clamp((long) Math.round(x0), 0, w - 1);
        int ay = Math.clamp((long) Math.round(y0), 0, h - 1);
        int bx = Math.clamp((long) Math.round(x1), ax + 1, w);
        int by = Math.clamp((long) Math.round(y1), ay + 1, h);
        double[] sum = new double[3];
        for (int y = ay; y < by; y++) {
            for (int x = ax; x < bx; x++) {
                add(sum, px[y * w + x], 1);
            }
        }
        int n = (bx - ax) * (by - ay);
        for (int c = 0; c < 3; c++) {
            sum[c] /= n;
        }
        return sum;
    }

    private static double[] bilinear(int[] px, int w, int h, double sx, double sy) {
        sx = Math.clamp(sx, 0, w - 1);
        sy = Math.clamp(sy, 0, h - 1);
        int xa = (int) sx;
        int ya = (int) sy;
        int xb = Math.min(xa + 1, w - 1);
        int yb = Math.min(ya + 1, h - 1);
        double fx = sx - xa;
        double fy = sy - ya;
        double[] sum = new double[3];
        add(sum, px[ya * w + xa], (1 - fx) * (1 - fy));
        add(sum, px[ya * w + xb], fx * (1 - fy));
        add(sum, px[yb * w + xa], (1 - fx) * fy);
        add(sum, px[yb * w + xb], fx * fy);
        return sum;
    }

    private static void add(double[] sum, int p, double weight) {
        sum[0] += (p >> 16 & 0xFF) * weight;
        sum[1] += (p >> 8 & 0xFF) * weight;
        sum[2] += (p & 0xFF) * weight;
    }
}
