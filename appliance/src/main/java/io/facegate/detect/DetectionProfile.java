package io.facegate.detect;

import io.facegate.config.FacegateConfig;

/**
 * How one caller wants faces found: the API and each camera pass their own. {@code minConfidence} is the score
 * threshold (0..1); {@code nmsIou} the weighted-NMS overlap; at most {@code maxFaces} faces, largest first;
 * {@code nearPass} adds the near-face detector's whole-image pass when one is loaded; images (or regions) whose
 * longer side is at least {@code tileAbovePixels} also get a {@code tileGrid}×{@code tileGrid} grid of tiles
 * overlapping by {@code tileOverlap} of the side (a grid below 2 turns tiles off).
 */
public record DetectionProfile(double minConfidence, double nmsIou, int maxFaces, boolean nearPass, int tileGrid,
                               double tileOverlap, int tileAbovePixels) {

    /** The API's profile from {@code detector.*}. */
    public static DetectionProfile of(FacegateConfig.Detector settings) {
        return new DetectionProfile(settings.minConfidence(), settings.nmsIou(), settings.maxFaces(), true,
                settings.tileGrid(), settings.tileOverlap(), settings.tileAbovePixels());
    }

    /** The same with tiles turned off. */
    public DetectionProfile withoutTiles() {
        return new DetectionProfile(minConfidence, nmsIou, maxFaces, nearPass, 0, tileOverlap, tileAbovePixels);
    }
}
