package io.facegate.model;

/**
 * One SSD anchor grid of a face detector, as its manifest's {@code anchors} lists it: {@code cells}×{@code cells}
 * cells with {@code anchorsPerCell} anchors each, anchor index {@code (y*cells + x)*anchorsPerCell + k}. The score
 * logit of anchor i is {@code scores[i*scoreStride + scoreIndex]}; its 16 offsets {@code [dx, dy, w, h, kp0x, kp0y,
 * …]} start at {@code offsets[i*offsetStride + offsetIndex]}. Strides are the last dimension of the named output.
 */
public record AnchorLayer(int cells, int anchorsPerCell, String scores, int scoreStride, int scoreIndex,
                          String offsets, int offsetStride, int offsetIndex) {

    /** Box (4) and six keypoints (12) per anchor. */
    public static final int OFFSETS = 16;

    public int anchors() {
        return cells * cells * anchorsPerCell;
    }
}
