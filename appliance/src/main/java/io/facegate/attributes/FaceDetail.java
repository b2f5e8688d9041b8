package io.facegate.attributes;

import java.util.List;

/**
 * The DEFAULT members of a Rekognition FaceDetail. Coordinates are ratios of the image width and height from the
 * top-left corner of the upright (EXIF-corrected) image, and are not clamped: a face at the edge may give values
 * below 0 or above 1, as Rekognition documents.
 */
public record FaceDetail(BoundingBox boundingBox, double confidence, List<Landmark> landmarks, Pose pose,
                         Quality quality) {

    /** Ratios of the image size. */
    public record BoundingBox(double width, double height, double left, double top) {
    }

    /** A Rekognition landmark type ({@code eyeLeft}, …) and its position as ratios of the image size. */
    public record Landmark(String type, double x, double y) {
    }

    /**
     * Head pose in degrees. Roll: positive when the face is turned clockwise in the image. Yaw: positive when the
     * nose points to the image's right (the subject looks to their left). Pitch: positive when the face looks up.
     */
    public record Pose(double roll, double yaw, double pitch) {
    }

    /** Brightness and sharpness of the face's pixels, 0..100. */
    public record Quality(double brightness, double sharpness) {
    }
}
