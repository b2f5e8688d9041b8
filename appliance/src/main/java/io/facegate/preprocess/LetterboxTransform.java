package io.facegate.preprocess;

/**
 * Maps coordinates of a square model input back to image pixels. The region was scaled by {@code scale} and
 * centred in the S×S input with {@code padX}/{@code padY} input pixels of padding on each side.
 */
public record LetterboxTransform(Region region, int size, double scale, double padX, double padY) {

    /** Image x for a model-normalized x (0..1 across the input). */
    public double imageX(double u) {
        return region.x() + (u * size - padX) / scale;
    }

    /** Image y for a model-normalized y (0..1 down the input). */
    public double imageY(double v) {
        return region.y() + (v * size - padY) / scale;
    }

    /** Image length for a model-normalized length. */
    public double imageLength(double normalized) {
        return normalized * size / scale;
    }
}
