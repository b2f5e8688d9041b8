package io.facegate.attributes;

import java.util.Map;

import io.facegate.decode.RgbImage;
import io.facegate.detect.Detection;
import io.facegate.detect.Point;
import io.facegate.model.OnnxModel;

/**
 * Runs facemesh on a face crop rotated by the eye angle and, when asked, iris on the two eye crops; maps every point
 * back to image pixels. Mesh indices are those of MediaPipe's canonical face mesh: 33/133 are the outer/inner corners
 * of the subject's right eye (image-left for a frontal face), 362/263 the inner/outer corners of the left eye.
 */
final class FaceMesh {

    /** Human enlarges the detector box 1.4× and squares it before cropping for the mesh. */
    static final double MESH_CROP_SCALE = 1.4;
    /** Human's eye crop: the box of the two eye corners enlarged 2.3×, squared. */
    static final double IRIS_CROP_SCALE = 2.3;
    static final int RIGHT_EYE_OUTER = 33;
    static final int RIGHT_EYE_INNER = 133;
    static final int LEFT_EYE_INNER = 362;
    static final int LEFT_EYE_OUTER = 263;
    /** Index of the iris centre among the iris model's 76 points (71 eye contour and brow points come first). */
    private static final int IRIS_CENTRE = 71;

    /**
     * The mesh of one face. {@code image} holds x, y in image pixels and z in image pixels (relative depth, smaller
     * is nearer the camera); {@code crop} holds the same points in the upright 192-px crop; {@code angle} is the crop's
     * rotation. Pupils are empty arrays when iris did not run.
     */
    record Mesh(double[][] image, double[][] crop, double angle, double faceFlag, double[] rightPupil,
                double[] leftPupil) {

        Point point(int i) {
            return new Point(image[i][0], image[i][1]);
        }

        boolean hasPupils() {
            return rightPupil.length == 2;
        }
    }

    private final OnnxModel facemesh;
    private final OnnxModel iris;

    FaceMesh(OnnxModel facemesh, OnnxModel iris) {
        this.facemesh = facemesh;
        this.iris = iris;
    }

    /** The face crop Human uses for the mesh: the detector box enlarged, square, turned by the eye angle. */
    static RotatedCrop crop(Detection d, double scale) {
        Point r = d.keypoint(Detection.RIGHT_EYE);
        Point l = d.keypoint(Detection.LEFT_EYE);
        double angle = Math.atan2(l.y() - r.y(), l.x() - r.x());
        return new RotatedCrop(d.x() + d.width() / 2, d.y() + d.height() / 2,
                scale * Math.max(d.width(), d.height()), angle, false);
    }

    Mesh run(Detection d, RgbImage image, boolean withIris) {
        RotatedCrop crop = crop(d, MESH_CROP_SCALE);
        int side = facemesh.inputSize();
        Map<String, float[]> out = facemesh.run(crop.tensor(image, side, RotatedCrop.Scale.UNIT));
        float[] mesh = out.get("mesh");
        double faceFlag = out.get("faceflag")[0];
        int n = mesh.length / 3;
        double[][] inImage = new double[n][];
        double[][] inCrop = new double[n][];
        double pixel = crop.size() / side;
        for (int i = 0; i < n; i++) {
            Point p = crop.toImage(mesh[3 * i], mesh[3 * i + 1], side);
            inImage[i] = new double[] {p.x(), p.y(), mesh[3 * i + 2] * pixel};
            inCrop[i] = new double[] {mesh[3 * i], mesh[3 * i + 1], mesh[3 * i + 2]};
        }
        double[] right = new double[0];
        double[] left = new double[0];
        if (withIris) {
            right = pupil(image, inImage, RIGHT_EYE_OUTER, RIGHT_EYE_INNER, crop.angle(), false);
            left = pupil(image, inImage, LEFT_EYE_INNER, LEFT_EYE_OUTER, crop.angle(), true);
        }
        return new Mesh(inImage, inCrop, crop.angle(), faceFlag, right, left);
    }

    private double[] pupil(RgbImage image, double[][] mesh, int a, int b, double angle, boolean mirrored) {
        double dx = mesh[b][0] - mesh[a][0];
        double dy = mesh[b][1] - mesh[a][1];
        RotatedCrop eye = new RotatedCrop((mesh[a][0] + mesh[b][0]) / 2, (mesh[a][1] + mesh[b][1]) / 2,
                IRIS_CROP_SCALE * Math.max(Math.hypot(dx, dy), 1), angle, mirrored);
        int side = iris.inputSize();
        float[] points = iris.run(eye.tensor(image, side, RotatedCrop.Scale.UNIT)).get("landmarks");
        Point p = eye.toImage(points[3 * IRIS_CENTRE], points[3 * IRIS_CENTRE + 1], side);
        return new double[] {p.x(), p.y()};
    }
}
