package io.facegate.attributes;

import java.util.List;
import java.util.Optional;

/**
 * A Rekognition FaceDetail. The DEFAULT members are always present; the others only when the request asked for
 * them (an empty Optional is omitted from the response). Coordinates are ratios of the image width and height from
 * the top-left corner of the upright (EXIF-corrected) image, and are not clamped: a face at the edge may give values
 * below 0 or above 1, as Rekognition documents.
 */
public record FaceDetail(BoundingBox boundingBox, double confidence, List<Landmark> landmarks, Pose pose,
                         Quality quality, Optional<AgeRange> ageRange, Optional<Flag> smile,
                         Optional<Flag> eyeglasses, Optional<Flag> sunglasses, Optional<Gender> gender,
                         Optional<Flag> beard, Optional<Flag> mustache, Optional<Flag> eyesOpen,
                         Optional<Flag> mouthOpen, Optional<List<Emotion>> emotions,
                         Optional<EyeDirection> eyeDirection, Optional<Flag> faceOccluded) {

    /** The DEFAULT members only. */
    public FaceDetail(BoundingBox boundingBox, double confidence, List<Landmark> landmarks, Pose pose,
                      Quality quality) {
        this(boundingBox, confidence, landmarks, pose, quality, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

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

    /** A boolean attribute ({@code Smile}, {@code EyesOpen}, …) and the percent confidence in that value. */
    public record Flag(boolean value, double confidence) {
    }

    /** Estimated age range in years, low ≤ high. */
    public record AgeRange(int low, int high) {
    }

    /** {@code Male} or {@code Female} and its percent confidence. */
    public record Gender(String value, double confidence) {
    }

    /** An {@code EmotionName} and its percent confidence. */
    public record Emotion(String type, double confidence) {
    }

    /** Gaze relative to the head in degrees, same signs as {@link Pose}, and its percent confidence. */
    public record EyeDirection(double yaw, double pitch, double confidence) {
    }
}
