package io.facegate.face;

import java.util.List;

/**
 * One face found in an image. Coordinates are fractions of the image width and height from the top-left corner of
 * the upright (EXIF-corrected) image, x to the right and y down, and are not clamped: a face cut by the edge can
 * reach below 0 or above 1. {@code score} is the detector's, 0..1. {@code attributes} holds only what the caller
 * asked for.
 */
public record Face(Box box, double score, List<Landmark> landmarks, Pose pose, Quality quality,
                   FaceAttributes attributes) {

    public Face {
        landmarks = List.copyOf(landmarks);
    }

    /** The same face with other landmarks, pose and attributes (the mesh refines the first two). */
    public Face with(List<Landmark> landmarks, Pose pose, FaceAttributes attributes) {
        return new Face(box, score, landmarks, pose, quality, attributes);
    }

    /** A rectangle as fractions of the image: left, top, width, height. */
    public record Box(double left, double top, double width, double height) {

        public double centreX() {
            return left + width / 2;
        }

        public double centreY() {
            return top + height / 2;
        }
    }

    /** A named point of the face as fractions of the image. */
    public record Landmark(LandmarkType type, double x, double y) {
    }

    /**
     * Head pose in degrees. Roll: positive when the face is turned clockwise in the image. Yaw: positive when the
     * nose points to the image's right (the subject looks to their left). Pitch: positive when the face looks up.
     */
    public record Pose(double roll, double yaw, double pitch) {
    }

    /** Brightness (mean luma over white) and sharpness of the face's own pixels, each 0..1. */
    public record Quality(double brightness, double sharpness) {
    }
}
