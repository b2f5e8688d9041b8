package io.facegate.attributes;

import io.facegate.decode.RgbImage;

/**
 * Luma sampled on a mesh-anchored patch of the upper lip, where a mustache darkens and textures the skin, over the
 * cheeks' luma (so lighting and skin tone cancel). Bilinear samples in image pixels, so the patch turns with the face.
 */
final class MouthPatches {

    /** Upper-lip grid: rows from the nose base (2) towards the lip top (0), columns across the mouth width (61–291). */
    static final int LIP_ROWS = 3;
    static final int LIP_COLUMNS = 8;

    private MouthPatches() {
    }

    /**
     * {@code LIP_ROWS × LIP_COLUMNS} values, row-major from the nose side, image-left first, over
     * {@link MeshGeometry#cheekLuma}.
     */
    static double[] upperLip(FaceMesh.Mesh m, RgbImage image, double cheekLuma) {
        double[][] p = m.image();
        double cheeks = Math.max(cheekLuma, 1);
        double[] across = {p[291][0] - p[61][0], p[291][1] - p[61][1]};
        double[] out = new double[LIP_ROWS * LIP_COLUMNS];
        for (int r = 0; r < LIP_ROWS; r++) {
            double t = 0.2 + 0.6 * (r + 0.5) / LIP_ROWS;
            double cx = p[2][0] + t * (p[0][0] - p[2][0]);
            double cy = p[2][1] + t * (p[0][1] - p[2][1]);
            for (int c = 0; c < LIP_COLUMNS; c++) {
                double u = (c + 0.5) / LIP_COLUMNS - 0.5;
                out[r * LIP_COLUMNS + c] = luma(image, cx + u * across[0], cy + u * across[1]) / cheeks;
            }
        }
        return out;
    }

    private static double luma(RgbImage image, double x, double y) {
        double[] rgb = new double[3];
        RotatedCrop.sample(image, x - 0.5, y - 0.5, rgb);
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }
}
