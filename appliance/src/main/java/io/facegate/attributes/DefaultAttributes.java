package io.facegate.attributes;

import java.util.List;

import io.facegate.decode.RgbImage;
import io.facegate.detect.Detection;
import io.facegate.detect.Point;
import io.facegate.face.Face;
import io.facegate.face.FaceAttributes;
import io.facegate.face.LandmarkType;

/**
 * A detection as a {@link Face}: box, score, five landmarks, pose and quality from BlazeFace's six keypoints and
 * the face's pixels.
 *
 * <p>Without the 468-point mesh, the mouth corners and pose are geometric estimates from the keypoints; calls that
 * run the mesh replace both ({@link FaceAnalyzer}). {@code docs/api.md} states how each is derived.
 */
public final class DefaultAttributes {

    /**
     * Mouth width over inter-ocular distance: the mouth corners are placed on the eye-line direction through the
     * mouth centre, this many eye distances apart. Anthropometric means give 0.8 (mouth ≈ 50 mm, pupils ≈ 63 mm);
     * the 68-point labels of dlib-pascal give a median of 1.0. On dlib-pascal (fp32 detector) 0.8, 0.9 and 1.0 gave
     * mean corner errors of 0.202, 0.194 and 0.199 inter-ocular distances: within noise, so the middle value.
     */
    private static final double MOUTH_TO_EYE_WIDTH = 0.9;
    /** Nose-tip depth in front of the ears over half the ear-to-ear distance (head about 150 mm wide, nose 100 mm in front). */
    private static final double NOSE_DEPTH_OVER_HALF_EAR_SPAN = 1.33;
    /** Where the nose tip sits between the eye line (0) and the mouth centre (1) for a level, frontal face. */
    private static final double NEUTRAL_NOSE_POSITION = 0.55;
    /** Nose-tip depth in front of the eye–mouth plane over the eye–mouth distance (about 30 mm over 70 mm). */
    private static final double NOSE_DEPTH_OVER_EYE_MOUTH = 0.43;

    private DefaultAttributes() {
    }

    public static Face of(Detection d, RgbImage image) {
        double w = image.width();
        double h = image.height();
        var box = new Face.Box(d.x() / w, d.y() / h, d.width() / w, d.height() / h);
        Point eyeLeft = d.keypoint(Detection.RIGHT_EYE);   // the subject's right eye is on the image-left side
        Point eyeRight = d.keypoint(Detection.LEFT_EYE);
        Point mouth = d.keypoint(Detection.MOUTH_CENTRE);
        double half = MOUTH_TO_EYE_WIDTH / 2;
        double ex = eyeRight.x() - eyeLeft.x();
        double ey = eyeRight.y() - eyeLeft.y();
        List<Face.Landmark> landmarks = List.of(
                landmark(LandmarkType.EYE_LEFT, eyeLeft, w, h),
                landmark(LandmarkType.EYE_RIGHT, eyeRight, w, h),
                landmark(LandmarkType.NOSE, d.keypoint(Detection.NOSE_TIP), w, h),
                landmark(LandmarkType.MOUTH_LEFT, new Point(mouth.x() - half * ex, mouth.y() - half * ey), w, h),
                landmark(LandmarkType.MOUTH_RIGHT, new Point(mouth.x() + half * ex, mouth.y() + half * ey), w, h));
        return new Face(box, d.score(), landmarks, pose(d), FaceQuality.of(d, image), FaceAttributes.NONE);
    }

    private static Face.Landmark landmark(LandmarkType type, Point p, double w, double h) {
        return new Face.Landmark(type, p.x() / w, p.y() / h);
    }

    /** Roll from the eye line; yaw and pitch from where the nose tip sits in the roll-corrected face frame. */
    static Face.Pose pose(Detection d) {
        Point eyeL = d.keypoint(Detection.RIGHT_EYE);
        Point eyeR = d.keypoint(Detection.LEFT_EYE);
        double roll = Math.atan2(eyeR.y() - eyeL.y(), eyeR.x() - eyeL.x());
        double cos = Math.cos(-roll);
        double sin = Math.sin(-roll);
        // Rotate every keypoint by -roll about the eye midpoint so the eye line is horizontal.
        Point mid = new Point((eyeL.x() + eyeR.x()) / 2, (eyeL.y() + eyeR.y()) / 2);
        Point nose = rotate(d.keypoint(Detection.NOSE_TIP), mid, cos, sin);
        Point mouth = rotate(d.keypoint(Detection.MOUTH_CENTRE), mid, cos, sin);
        Point earL = rotate(d.keypoint(Detection.RIGHT_TRAGION), mid, cos, sin);
        Point earR = rotate(d.keypoint(Detection.LEFT_TRAGION), mid, cos, sin);

        double earSpan = Math.max(earR.x() - earL.x(), 1e-6);
        double earMid = (earL.x() + earR.x()) / 2;
        // Ears on a circle of radius r seen from the front span 2r·cos(yaw); the nose tip, n in front of the ear
        // axis, moves n·sin(yaw): tan(yaw) = (offset / earSpan) · 2r / n.
        double yaw = Math.atan(2 * (nose.x() - earMid) / earSpan / NOSE_DEPTH_OVER_HALF_EAR_SPAN);

        double eyeToMouth = Math.max(mouth.y() - mid.y(), 1e-6);
        double nosePosition = (nose.y() - mid.y()) / eyeToMouth;
        double sinPitch = (NEUTRAL_NOSE_POSITION - nosePosition) / NOSE_DEPTH_OVER_EYE_MOUTH;
        double pitch = Math.asin(Math.max(-1, Math.min(1, sinPitch)));
        return new Face.Pose(Math.toDegrees(roll), Math.toDegrees(yaw), Math.toDegrees(pitch));
    }

    private static Point rotate(Point p, Point centre, double cos, double sin) {
        double dx = p.x() - centre.x();
        double dy = p.y() - centre.y();
        return new Point(centre.x() + dx * cos - dy * sin, centre.y() + dx * sin + dy * cos);
    }
}
