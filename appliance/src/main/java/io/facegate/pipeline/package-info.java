/**
 * The one path every image takes, whether posted to the API or read from a camera: decode, detect, then the
 * attributes the caller asked for, returning {@link io.facegate.face.Face}s. Callers differ only in the
 * {@link io.facegate.pipeline.FaceRequest} they pass.
 */
package io.facegate.pipeline;
