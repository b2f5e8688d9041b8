/**
 * facegate: on-device face detection serving Rekognition's DetectFaces. {@code Main} wires the rooms below and
 * starts an {@link io.facegate.Appliance}; nothing depends on this package.
 */
package io.facegate;
