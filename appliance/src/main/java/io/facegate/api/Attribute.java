package io.facegate.api;

import java.util.Arrays;
import java.util.Optional;

/** The 14 values of Rekognition's {@code Attribute} enum, as sent in {@code Attributes}. */
enum Attribute {
    DEFAULT, ALL, AGE_RANGE, BEARD, EMOTIONS, EYE_DIRECTION, EYEGLASSES, EYES_OPEN, GENDER, MOUTH_OPEN, MUSTACHE,
    FACE_OCCLUDED, SMILE, SUNGLASSES;

    static Optional<Attribute> parse(String value) {
        return Arrays.stream(values()).filter(a -> a.name().equals(value)).findFirst();
    }
}
