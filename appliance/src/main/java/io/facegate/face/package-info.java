/**
 * What facegate says about a face: the result type of {@link io.facegate.pipeline.FacePipeline} that the API,
 * the cameras and the rules all read. Plain values only: coordinates as fractions of the image, scores and
 * confidences 0..1. No Rekognition names here; {@code api} maps these to the wire.
 */
package io.facegate.face;
