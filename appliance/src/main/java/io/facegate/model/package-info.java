/**
 * Verified models: manifests, sha256 and signature checks, and the ONNX Runtime sessions, each owned by one
 * {@link io.facegate.model.OnnxModel} and closed with the registry. The only room that touches ONNX Runtime.
 */
package io.facegate.model;
