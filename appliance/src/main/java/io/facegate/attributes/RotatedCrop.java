package io.facegate.attributes;

import io.facegate.decode.RgbImage;
import io.facegate.detect.Point;

/**
 * A square region of the image, {@code size} pixels on a side around {@code (cx, cy)}, turned by {@code angle}
 * radians (clockwise on screen, y down) so that its x axis follows the face's eye line, as Human rotates its face
 * crops; {@code mirrored} flips it left-right (the iris model wants every eye to look like a right eye).
 * Sampling is bilinear; pixels outside the image are black, as TensorFlow's crop-and-resize extrapolates.
 */
record RotatedCrop(double cx, double cy, double size, double angle, boolean mirrored) {

    /** Which values each model wants. */
    enum Scale { UNIT, BYTE, GRAY_SIGNED }

    /** The crop resampled to {@code side}×{@code side}, NHWC, RGB (or one grey channel for GRAY_SIGNED). */
    float[] tensor(RgbImage image, int side, Scale scale) {
        int channels = scale == Scale.GRAY_SIGNED ? 1 : 3;
        float[] out = new float[side * side * channels];
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[] rgb = new double[3];
        for (int v = 0; v < side; v++) {
            for (int u = 0; u < side; u++) {
                double a = ((u + 0.5) / side - 0.5) * size;
                double b = ((v + 0.5) / side - 0.5) * size;
                if (mirrored) {
                    a = -a;
                }
                sample(image, cx + a * cos - b * sin - 0.5, cy + a * sin + b * cos - 0.5, rgb);
                int i = (v * side + u) * channels;
                switch (scale) {
                    case UNIT -> {
                        out[i] = (float) (rgb[0] / 255);
                        out[i + 1] = (float) (rgb[1] / 255);
                        out[i + 2] = (float) (rgb[2] / 255);
                    }
                    case BYTE -> {
                        out[i] = (float) rgb[0];
                        out[i + 1] = (float) rgb[1];
                        out[i + 2] = (float) rgb[2];
                    }
                    case GRAY_SIGNED -> out[i] = (float) (((0.2989 * rgb[0] + 0.5870 * rgb[1] + 0.1140 * rgb[2]) / 255
                            - 0.5) * 2);
                }
            }
        }
        return out;
    }

    /** Image position of a point given in pixels of the crop resampled to {@code side}. */
    Point toImage(double u, double v, int side) {
        double a = (u / side - 0.5) * size;
        double b = (v / side - 0.5) * size;
        if (mirrored) {
            a = -a;
        }
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        return new Point(cx + a * cos - b * sin, cy + a * sin + b * cos);
    }

    /** The sub-square with corners at fractions {@code (x0, y0)}–{@code (x1, y1)} of this crop, widened to a square. */
    RotatedCrop sub(double x0, double y0, double x1, double y1) {
        Point centre = toImage((x0 + x1) / 2, (y0 + y1) / 2, 1);
        return new RotatedCrop(centre.x(), centre.y(), Math.max(x1 - x0, y1 - y0) * size, angle, mirrored);
    }

    static void sample(RgbImage image, double x, double y, double[] rgb) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        rgb[0] = 0;
        rgb[1] = 0;
        rgb[2] = 0;
        add(image, x0, y0, (1 - fx) * (1 - fy), rgb);
        add(image, x0 + 1, y0, fx * (1 - fy), rgb);
        add(image, x0, y0 + 1, (1 - fx) * fy, rgb);
        add(image, x0 + 1, y0 + 1, fx * fy, rgb);
    }

    private static void add(RgbImage image, int x, int y, double weight, double[] rgb) {
        if (weight == 0 || x < 0 || y < 0 || x >= image.width() || y >= image.height()) {
            return;
        }
        int p = image.rgb(x, y);
        rgb[0] += weight * ((p >> 16) & 0xff);
        rgb[1] += weight * ((p >> 8) & 0xff);
        rgb[2] += weight * (p & 0xff);
    }
}
