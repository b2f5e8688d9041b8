/**
 * Face detection: BlazeFace passes (whole image, near faces, tiles) decoded from their anchor grids and merged by
 * weighted NMS, as a {@link io.facegate.detect.DetectionProfile} asks.
 */
package io.facegate.detect;
