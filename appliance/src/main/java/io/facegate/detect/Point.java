package io.facegate.detect;

/** A point in image pixels (x right, y down). */
public record Point(double x, double y) {
}
