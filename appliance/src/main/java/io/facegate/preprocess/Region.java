package io.facegate.preprocess;

/** An axis-aligned rectangle in image pixels: left, top, width, height (x right, y down). */
public record Region(double x, double y, double width, double height) {

    public static Region whole(int width, int height) {
        return new Region(0, 0, width, height);
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }
}
