package io.facegate.attributes;

/** The attributes a caller may ask for beyond box, score, landmarks, pose and quality. */
public enum Member {
    AGE_RANGE, BEARD, EMOTIONS, EYE_DIRECTION, EYEGLASSES, EYES_OPEN, GENDER, MOUTH_OPEN, MUSTACHE, FACE_OCCLUDED,
    SMILE, SUNGLASSES
}
