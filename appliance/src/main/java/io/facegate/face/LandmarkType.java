package io.facegate.face;

/**
 * The named points of a face. "Left" and "right" are the image's sides, not the subject's: {@code EYE_LEFT} is
 * the eye on the image-left side, the subject's right eye for a frontal face. The first five are always given;
 * the rest only when every landmark is asked for.
 */
public enum LandmarkType {
    EYE_LEFT, EYE_RIGHT, NOSE, MOUTH_LEFT, MOUTH_RIGHT,
    LEFT_EYE_BROW_LEFT, LEFT_EYE_BROW_RIGHT, LEFT_EYE_BROW_UP,
    RIGHT_EYE_BROW_LEFT, RIGHT_EYE_BROW_RIGHT, RIGHT_EYE_BROW_UP,
    LEFT_EYE_LEFT, LEFT_EYE_RIGHT, LEFT_EYE_UP, LEFT_EYE_DOWN,
    RIGHT_EYE_LEFT, RIGHT_EYE_RIGHT, RIGHT_EYE_UP, RIGHT_EYE_DOWN,
    NOSE_LEFT, NOSE_RIGHT, MOUTH_UP, MOUTH_DOWN, LEFT_PUPIL, RIGHT_PUPIL,
    UPPER_JAWLINE_LEFT, MID_JAWLINE_LEFT, CHIN_BOTTOM, MID_JAWLINE_RIGHT, UPPER_JAWLINE_RIGHT;

    /** How many points every face carries. */
    public static final int BASIC = 5;
}
