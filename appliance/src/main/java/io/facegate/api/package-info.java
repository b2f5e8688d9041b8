/**
 * The Rekognition DetectFaces endpoint: AWS JSON 1.1 parsing, SigV4 guarding, the S3Object folders, and the
 * only place that knows Rekognition's names and shapes (the JSON writer maps {@link io.facegate.face.Face}). Also
 * {@code GET /status}.
 */
package io.facegate.api;
