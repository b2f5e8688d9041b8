package io.facegate.preprocess;

/** A filled NHWC float tensor and the transform that maps its coordinates back to the image. */
public record ModelInput(float[] tensor, LetterboxTransform transform) {
}
