package io.facegate.model;

/**
 * How a detector's raw boxes are reshaped to the brow-to-chin boxes of WIDER FACE and Rekognition (manifest
 * {@code widerBox}): width and height scaled about the centre, the centre moved up by {@code centreUp} and right by
 * {@code centreRight}, as fractions of the raw height and width. Measured per model on widerface-dev; the service
 * and the evaluation apply the same one.
 */
public record WiderBox(double widthScale, double heightScale, double centreUp, double centreRight) {

    /** Boxes left as the model gives them. */
    public static final WiderBox NONE = new WiderBox(1, 1, 0, 0);
}
