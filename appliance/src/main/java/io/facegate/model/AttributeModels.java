package io.facegate.model;

/**
 * The models behind the ALL attributes, owned by {@link ModelRegistry}: facemesh (468 points), iris (pupils),
 * emotion (7 expressions), faceres (age, gender and the 1024-value descriptor the trained heads read).
 */
public record AttributeModels(OnnxModel facemesh, OnnxModel iris, OnnxModel emotion, OnnxModel faceres) {

    public static final String[] NAMES = {"facemesh", "iris", "emotion", "faceres"};
}
