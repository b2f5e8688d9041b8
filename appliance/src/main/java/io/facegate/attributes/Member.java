package io.facegate.attributes;

/** The FaceDetail members beyond DEFAULT, one per per-attribute value of Rekognition's {@code Attribute} enum. */
public enum Member {
    AGE_RANGE, BEARD, EMOTIONS, EYE_DIRECTION, EYEGLASSES, EYES_OPEN, GENDER, MOUTH_OPEN, MUSTACHE, FACE_OCCLUDED,
    SMILE, SUNGLASSES
}
