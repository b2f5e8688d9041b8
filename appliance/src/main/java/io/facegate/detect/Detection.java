package io.facegate.detect;

import java.util.List;

/**
 * One face in image pixels. The box is BlazeFace's square face box (brow to chin, cheek to cheek), not clamped
 * to the image. Keypoints in BlazeFace order: the subject's right eye (image-left for a frontal face), left eye,
 * nose tip, mouth centre, right tragion, left tragion. Score is 0..1.
 */
public record Detection(double x, double y, double width, double height, double score, List<Point> keypoints) {

    public static final int RIGHT_EYE = 0;
    public static final int LEFT_EYE = 1;
    public static final int NOSE_TIP = 2;
    public static final int MOUTH_CENTRE = 3;
    public static final int RIGHT_TRAGION = 4;
    public static final int LEFT_TRAGION = 5;

    public Point keypoint(int index) {
        return keypoints.get(index);
    }

    public double area() {
        return width * height;
    }

    public double iou(Detection other) {
        double ix = Math.min(x + width, other.x + other.width) - Math.max(x, other.x);
        double iy = Math.min(y + height, other.y + other.height) - Math.max(y, other.y);
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double intersection = ix * iy;
        return intersection / (area() + other.area() - intersection);
    }
}
