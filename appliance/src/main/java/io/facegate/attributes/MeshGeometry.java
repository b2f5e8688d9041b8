package io.facegate.attributes;

import java.util.List;

import io.facegate.decode.RgbImage;
import io.facegate.detect.Point;
import io.facegate.face.Face;
import io.facegate.face.LandmarkType;

/**
 * Landmarks, pose and shape measures from a {@link FaceMesh.Mesh}. "Left" in a {@link LandmarkType} is the
 * image-left side (the subject's right for a frontal face): {@code EYE_LEFT} is the subject's right eye.
 */
final class MeshGeometry {

    /**
     * Landmark type → MediaPipe canonical mesh indices whose mean gives it. Eye centres are the mean of
     * the corners; pupils come from iris when it ran, else the same eye centres. Jaw: 234/454 are the face outline at
     * eye level, 172/397 half way down the jaw, 152 the chin.
     */
    static final List<Entry> LANDMARKS = List.of(
            new Entry(LandmarkType.EYE_LEFT, 33, 133), new Entry(LandmarkType.EYE_RIGHT, 362, 263),
            new Entry(LandmarkType.NOSE, 1), new Entry(LandmarkType.MOUTH_LEFT, 61),
            new Entry(LandmarkType.MOUTH_RIGHT, 291), new Entry(LandmarkType.LEFT_EYE_BROW_LEFT, 70),
            new Entry(LandmarkType.LEFT_EYE_BROW_RIGHT, 107), new Entry(LandmarkType.LEFT_EYE_BROW_UP, 105),
            new Entry(LandmarkType.RIGHT_EYE_BROW_LEFT, 336), new Entry(LandmarkType.RIGHT_EYE_BROW_RIGHT, 300),
            new Entry(LandmarkType.RIGHT_EYE_BROW_UP, 334), new Entry(LandmarkType.LEFT_EYE_LEFT, 33),
            new Entry(LandmarkType.LEFT_EYE_RIGHT, 133), new Entry(LandmarkType.LEFT_EYE_UP, 159),
            new Entry(LandmarkType.LEFT_EYE_DOWN, 145), new Entry(LandmarkType.RIGHT_EYE_LEFT, 362),
            new Entry(LandmarkType.RIGHT_EYE_RIGHT, 263), new Entry(LandmarkType.RIGHT_EYE_UP, 386),
            new Entry(LandmarkType.RIGHT_EYE_DOWN, 374), new Entry(LandmarkType.NOSE_LEFT, 129),
            new Entry(LandmarkType.NOSE_RIGHT, 358), new Entry(LandmarkType.MOUTH_UP, 0),
            new Entry(LandmarkType.MOUTH_DOWN, 17), new Entry(LandmarkType.LEFT_PUPIL, 33, 133),
            new Entry(LandmarkType.RIGHT_PUPIL, 362, 263), new Entry(LandmarkType.UPPER_JAWLINE_LEFT, 234),
            new Entry(LandmarkType.MID_JAWLINE_LEFT, 172), new Entry(LandmarkType.CHIN_BOTTOM, 152),
            new Entry(LandmarkType.MID_JAWLINE_RIGHT, 397), new Entry(LandmarkType.UPPER_JAWLINE_RIGHT, 454));

    record Entry(LandmarkType type, int... indices) {
    }

    private MeshGeometry() {
    }

    /** The first {@code count} landmarks (5 for DEFAULT, 30 for ALL) as ratios of the image size. */
    static List<Face.Landmark> landmarks(FaceMesh.Mesh mesh, int count, double w, double h) {
        return LANDMARKS.subList(0, count).stream().map(e -> {
            double[] p;
            if (e.type() == LandmarkType.LEFT_PUPIL && mesh.hasPupils()) {
                p = mesh.rightPupil();
            } else if (e.type() == LandmarkType.RIGHT_PUPIL && mesh.hasPupils()) {
                p = mesh.leftPupil();
            } else {
                p = mean(mesh.image(), e.indices());
            }
            return new Face.Landmark(e.type(), p[0] / w, p[1] / h);
        }).toList();
    }

    /**
     * Pose from the mesh's 3D points in the crop frame (z grows away from the camera). x axis: right eye outer
     * corner 33 → left eye outer corner 263; y axis: forehead 10 → chin 152. Roll is the crop's angle plus the eye
     * line's angle within it; yaw and pitch come from the face's forward direction −(x × y) after undoing that roll.
     */
    static Face.Pose pose(FaceMesh.Mesh mesh) {
        double[][] c = mesh.crop();
        double[] x = sub(c[263], c[33]);
        double[] y = sub(c[152], c[10]);
        double inRoll = Math.atan2(x[1], x[0]);
        x = unroll(x, inRoll);
        y = unroll(y, inRoll);
        normalise(x);
        double dot = x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
        for (int i = 0; i < 3; i++) {
            y[i] -= dot * x[i];
        }
        normalise(y);
        double[] forward = {-(x[1] * y[2] - x[2] * y[1]), -(x[2] * y[0] - x[0] * y[2]), -(x[0] * y[1] - x[1] * y[0])};
        double yaw = Math.atan2(forward[0], -forward[2]);
        double pitch = Math.atan2(-forward[1], Math.hypot(forward[0], forward[2]));
        return new Face.Pose(wrap(Math.toDegrees(mesh.angle() + inRoll)), Math.toDegrees(yaw),
                Math.toDegrees(pitch));
    }

    /** Length of {@link #shape}: the 468 points' x, y, z. */
    static final int SHAPE_LENGTH = 468 * 3;

    /**
     * The mesh's shape without position, size and roll, for heads that read expression from it: every point's
     * (x, y, z) in image pixels taken to a frame whose origin is the midpoint of the outer eye corners 33 and 263,
     * whose x axis runs 33 → 263 and whose unit is their distance; z is relative to the points' mean z.
     */
    static double[] shape(FaceMesh.Mesh m) {
        double[][] p = m.image();
        double dx = p[263][0] - p[33][0];
        double dy = p[263][1] - p[33][1];
        double d = Math.max(1e-6, Math.hypot(dx, dy));
        double cos = dx / d;
        double sin = dy / d;
        double cx = (p[33][0] + p[263][0]) / 2;
        double cy = (p[33][1] + p[263][1]) / 2;
        double meanZ = 0;
        for (double[] q : p) {
            meanZ += q[2] / p.length;
        }
        double[] out = new double[p.length * 3];
        for (int i = 0; i < p.length; i++) {
            double x = p[i][0] - cx;
            double y = p[i][1] - cy;
            out[3 * i] = (x * cos + y * sin) / d;
            out[3 * i + 1] = (-x * sin + y * cos) / d;
            out[3 * i + 2] = (p[i][2] - meanZ) / d;
        }
        return out;
    }

    /** Eye opening: lid distance (159–145, 386–374) over corner distance (33–133, 362–263), both eyes together. */
    static double eyeOpening(FaceMesh.Mesh m) {
        return (dist(m, 159, 145) + dist(m, 386, 374)) / (dist(m, 33, 133) + dist(m, 362, 263));
    }

    /** Inner-lip gap (13–14) over mouth width (61–291). */
    static double lipGap(FaceMesh.Mesh m) {
        return dist(m, 13, 14) / dist(m, 61, 291);
    }

    /** Mouth width (61–291) over outer eye-corner distance (33–263). */
    static double mouthWidth(FaceMesh.Mesh m) {
        return dist(m, 61, 291) / dist(m, 33, 263);
    }

    /** How far the mouth corners sit above the lips' centre (13, 14), over mouth width, in the upright crop. */
    static double cornerLift(FaceMesh.Mesh m) {
        double[][] c = m.crop();
        double corners = (c[61][1] + c[291][1]) / 2;
        double centre = (c[13][1] + c[14][1]) / 2;
        return (centre - corners) / Math.max(1e-6, Math.hypot(c[291][0] - c[61][0], c[291][1] - c[61][1]));
    }

    /**
     * Gaze relative to the head from the pupils' offset from each eye's corner midpoint, in the face's upright
     * frame, over an eyeball radius of 0.4 eye widths: yaw positive towards the image's right, pitch positive up.
     */
    static double[] eyeDirection(FaceMesh.Mesh m) {
        double cos = Math.cos(-m.angle());
        double sin = Math.sin(-m.angle());
        double[] yawPitch = new double[2];
        int[][] eyes = {{33, 133, 159, 145}, {362, 263, 386, 374}};
        double[][] pupils = {m.rightPupil(), m.leftPupil()};
        for (int e = 0; e < 2; e++) {
            double[] centre = mean(m.image(), eyes[e][0], eyes[e][1], eyes[e][2], eyes[e][3]);
            double dx = pupils[e][0] - centre[0];
            double dy = pupils[e][1] - centre[1];
            double u = dx * cos - dy * sin;
            double v = dx * sin + dy * cos;
            double radius = 0.4 * dist(m, eyes[e][0], eyes[e][1]);
            yawPitch[0] += Math.toDegrees(Math.asin(clamp(u / radius))) / 2;
            yawPitch[1] += Math.toDegrees(Math.asin(clamp(-v / radius))) / 2;
        }
        return yawPitch;
    }

    /**
     * Mean luma in discs of 0.3 eye widths around both eye centres over the cheeks' ({@link #cheekLuma}): dark lenses
     * give a low ratio.
     */
    static double eyeDarkness(FaceMesh.Mesh m, RgbImage image, double cheekLuma) {
        double r = 0.3 * (dist(m, 33, 133) + dist(m, 362, 263)) / 2;
        double eyes = (luma(image, mean(m.image(), 33, 133), r) + luma(image, mean(m.image(), 362, 263), r)) / 2;
        return eyes / Math.max(cheekLuma, 1);
    }

    /** Mean luma in discs of 0.3 eye widths around the cheeks (205, 425): the face's own reference brightness. */
    static double cheekLuma(FaceMesh.Mesh m, RgbImage image) {
        double r = 0.3 * (dist(m, 33, 133) + dist(m, 362, 263)) / 2;
        return (luma(image, m.image()[205], r) + luma(image, m.image()[425], r)) / 2;
    }

    private static double luma(RgbImage image, double[] centre, double r) {
        double sum = 0;
        int n = 0;
        for (int y = (int) (centre[1] - r); y <= centre[1] + r; y++) {
            for (int x = (int) (centre[0] - r); x <= centre[0] + r; x++) {
                if (x < 0 || y < 0 || x >= image.width() || y >= image.height()
                        || Math.hypot(x - centre[0], y - centre[1]) > r) {
                    continue;
                }
                int p = image.rgb(x, y);
                sum += 0.299 * ((p >> 16) & 0xff) + 0.587 * ((p >> 8) & 0xff) + 0.114 * (p & 0xff);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static double clamp(double v) {
        return Math.max(-1, Math.min(1, v));
    }

    private static double wrap(double degrees) {
        return Math.IEEEremainder(degrees, 360);
    }

    private static double dist(FaceMesh.Mesh m, int a, int b) {
        Point p = m.point(a);
        Point q = m.point(b);
        return Math.max(1e-6, Math.hypot(p.x() - q.x(), p.y() - q.y()));
    }

    private static double[] mean(double[][] points, int... indices) {
        double[] sum = new double[2];
        for (int i : indices) {
            sum[0] += points[i][0] / indices.length;
            sum[1] += points[i][1] / indices.length;
        }
        return sum;
    }

    private static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    private static double[] unroll(double[] v, double roll) {
        double cos = Math.cos(-roll);
        double sin = Math.sin(-roll);
        return new double[] {v[0] * cos - v[1] * sin, v[0] * sin + v[1] * cos, v[2]};
    }

    private static void normalise(double[] v) {
        double n = Math.max(1e-12, Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
        for (int i = 0; i < 3; i++) {
            v[i] /= n;
        }
    }
}
