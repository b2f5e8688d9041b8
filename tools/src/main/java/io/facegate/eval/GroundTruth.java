package io.facegate.eval;

/** One labelled face of a {@code boxes.tsv} (WIDER layout: pixels); {@code invalid} faces are ignore regions. */
record GroundTruth(double left, double top, double width, double height, boolean invalid) {
}
