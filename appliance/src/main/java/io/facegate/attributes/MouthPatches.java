package io.facegate.attributes;

import io.facegate.decode.RgbImage;

/**
 * Luma sampled on mesh-anchored patches around the mouth, over the cheeks' luma (so lighting and skin tone cancel):
 * the upper lip, where a mustache darkens and textures the skin, and the line between the inner lips, bright when
 * teeth show. Bilinear samples in image pixels, so the patches turn with the face.
 */
final class MouthPatches {

    /** Upper-lip grid: rows from the nose base (2) towards the lip top (0), columns across the mouth width (61–291). */
    static final int LIP_ROWS = 3;
    static final int LIP_COLUMNS = 8;
    private static final int TEETH_SAMPLES = 7;

    private MouthPatches() {
    }

    /** {@code LIP_ROWS × LIP_COLUMNS} values, row-major from the nose side, image-left first. */
    static double[] upperLip(FaceMesh.Mesh m, RgbImage image) {
        double[][] p = m.image();
        double cheeks = Math.max(MeshGeometry.cheekLuma(m, image), 1);
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

    /** Mean luma along the midline between the inner lips (13, 14), over the central 60 % of 78–308. */
    static double teeth(FaceMesh.Mesh m, RgbImage image) {
        double[][] p = m.image();
        double cx = (p[13][0] + p[14][0]) / 2;
        double cy = (p[13][1] + p[14][1]) / 2;
        double[] across = {p[308][0] - p[78][0], p[308][1] - p[78][1]};
        double sum = 0;
        for (int i = 0; i < TEETH_SAMPLES; i++) {
            double u = 0.6 * ((i + 0.5) / TEETH_SAMPLES - 0.5);
            sum += luma(image, cx + u * across[0], cy + u * across[1]);
        }
        return sum / TEETH_SAMPLES / Math.max(MeshGeometry.cheekLuma(m, image), 1);
    }

    private static double luma(RgbImage image, double x, double y) {
        double[] rgb = new double[3];
        RotatedCrop.sample(image, x - 0.5, y - 0.5, rgb);
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }
}
