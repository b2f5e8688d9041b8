package io.facegate.decode;

/**
 * Decoded pixels, row-major from the top-left, each {@code 0xRRGGBB}. Coordinates used across facegate are in this
 * frame: x to the right, y down, after EXIF orientation has been applied.
 */
public record RgbImage(int width, int height, int[] pixels) {

    public RgbImage {
        if (pixels.length != width * height) {
            throw new IllegalArgumentException(width + "x" + height + " image needs " + width * height + " pixels, got "
                    + pixels.length);
        }
    }

    public int rgb(int x, int y) {
        return pixels[y * width + x];
    }
}
