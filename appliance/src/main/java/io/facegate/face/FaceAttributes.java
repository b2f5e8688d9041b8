package io.facegate.face;

import java.util.List;
import java.util.Optional;

/**
 * The attributes beyond box, landmarks, pose and quality; each is present only when the caller asked for it.
 * Every confidence is 0..1 and is the confidence in the value given.
 */
public record FaceAttributes(Optional<AgeRange> ageRange, Optional<Verdict> smile, Optional<Verdict> eyeglasses,
                             Optional<Verdict> sunglasses, Optional<Gender> gender, Optional<Verdict> beard,
                             Optional<Verdict> mustache, Optional<Verdict> eyesOpen, Optional<Verdict> mouthOpen,
                             Optional<List<EmotionScore>> emotions, Optional<Gaze> eyeDirection,
                             Optional<Verdict> faceOccluded) {

    /** None asked for. */
    public static final FaceAttributes NONE = new FaceAttributes(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty());

    /** A yes/no attribute and the confidence (0..1) in that answer. */
    public record Verdict(boolean value, double confidence) {
    }

    /** Estimated age in years, {@code low <= high}. */
    public record AgeRange(int low, int high) {
    }

    /** The gender the face appears to have and the confidence (0..1) in it. */
    public record Gender(Value value, double confidence) {
        public enum Value { MALE, FEMALE }
    }

    public enum Emotion { HAPPY, SAD, ANGRY, CONFUSED, DISGUSTED, SURPRISED, CALM, FEAR }

    /** One expression and its confidence, 0..1. */
    public record EmotionScore(Emotion emotion, double confidence) {
    }

    /** Gaze relative to the head in degrees (signs as {@link Face.Pose}) and its confidence, 0..1. */
    public record Gaze(double yaw, double pitch, double confidence) {
    }
}
