package io.facegate.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.facegate.decode.RgbImage;
import io.facegate.model.OnnxModel;
import io.facegate.preprocess.Letterbox;
import io.facegate.preprocess.LetterboxTransform;
import io.facegate.preprocess.ModelInput;
import io.facegate.preprocess.Region;

/**
 * One BlazeFace pass over a region of an image (front-128 or back-256; the graphs differ only in input size).
 *
 * <p>Anchors, as MediaPipe's SsdAnchorsCalculator reduces for both models: 16×16 cells × 2 anchors (outputs
 * {@code Identity:0} scores, {@code Identity_2:0} offsets), then 8×8 cells × 6 anchors ({@code Identity_1:0},
 * {@code Identity_3:0}); index {@code (y*cells + x)*perCell + k}, centre {@code ((x+0.5)/cells, (y+0.5)/cells)},
 * fixed size 1. Offsets {@code [dx, dy, w, h, kp0x, kp0y, …]} are in input pixels.
 */
public final class BlazeFace {

    private static final int VALUES_PER_ANCHOR = 16;
    private static final int KEYPOINTS = 6;
    /** MediaPipe clips score logits to ±100 before the sigmoid. */
    private static final double LOGIT_CLIP = 100;

    private final OnnxModel model;
    private final int size;

    public BlazeFace(OnnxModel model) {
        this.model = model;
        this.size = model.inputSize();
    }

    /** Detections with score at least {@code minScore}, in image pixels, before suppression. */
    public List<Detection> detect(RgbImage image, Region region, double minScore) {
        ModelInput input = Letterbox.prepare(image, region, size);
        return decode(model.run(input.tensor()), input.transform(), minScore);
    }

    /** The tensor half of {@link #detect}, for callers that time the stages separately. */
    public ModelInput prepare(RgbImage image, Region region) {
        return Letterbox.prepare(image, region, size);
    }

    public Map<String, float[]> infer(ModelInput input) {
        return model.run(input.tensor());
    }

    public List<Detection> decode(Map<String, float[]> outputs, LetterboxTransform transform, double minScore) {
        List<Detection> out = new ArrayList<>();
        decodeGrid(outputs.get("Identity:0"), outputs.get("Identity_2:0"), 16, 2, transform, minScore, out);
        decodeGrid(outputs.get("Identity_1:0"), outputs.get("Identity_3:0"), 8, 6, transform, minScore, out);
        return out;
    }

    private void decodeGrid(float[] logits, float[] offsets, int cells, int perCell, LetterboxTransform t,
                            double minScore, List<Detection> out) {
        double minLogit = Math.log(minScore / (1 - minScore));
        for (int i = 0; i < logits.length; i++) {
            double logit = Math.max(-LOGIT_CLIP, Math.min(LOGIT_CLIP, logits[i]));
            if (logit < minLogit) {
                continue;
            }
            int cell = i / perCell;
            double ax = (cell % cells + 0.5) / cells;
            double ay = (cell / cells + 0.5) / cells;
            int o = i * VALUES_PER_ANCHOR;
            double cx = ax + offsets[o] / size;
            double cy = ay + offsets[o + 1] / size;
            double w = offsets[o + 2] / size;
            double h = offsets[o + 3] / size;
            List<Point> keypoints = new ArrayList<>(KEYPOINTS);
            for (int k = 0; k < KEYPOINTS; k++) {
                keypoints.add(new Point(t.imageX(ax + offsets[o + 4 + 2 * k] / size),
                        t.imageY(ay + offsets[o + 5 + 2 * k] / size)));
            }
            out.add(new Detection(t.imageX(cx - w / 2), t.imageY(cy - h / 2), t.imageLength(w), t.imageLength(h),
                    1 / (1 + Math.exp(-logit)), List.copyOf(keypoints)));
        }
    }
}
