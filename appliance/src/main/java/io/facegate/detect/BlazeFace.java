package io.facegate.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.facegate.decode.RgbImage;
import io.facegate.model.AnchorLayer;
import io.facegate.model.ModelException;
import io.facegate.model.OnnxModel;
import io.facegate.model.WiderBox;
import io.facegate.preprocess.Letterbox;
import io.facegate.preprocess.LetterboxTransform;
import io.facegate.preprocess.ModelInput;
import io.facegate.preprocess.Region;

/**
 * One pass of a MediaPipe BlazeFace-family detector over a region of an image: front-128, back-256 or the
 * full-range 192 model. The anchor grids come from the model's manifest ({@code anchors}, see {@link AnchorLayer}):
 * centre {@code ((x+0.5)/cells, (y+0.5)/cells)}, fixed size 1; offsets {@code [dx, dy, w, h, kp0x, kp0y, …]} in
 * input pixels, keypoints in MediaPipe order (subject's right eye first).
 */
public final class BlazeFace {

    private static final int KEYPOINTS = 6;
    /** MediaPipe clips score logits to ±100 before the sigmoid. */
    private static final double LOGIT_CLIP = 100;

    private final OnnxModel model;
    private final int size;
    private final List<AnchorLayer> layers;
    private final WiderBox widerBox;

    /** Refuses a model whose manifest has no anchor layout: it is not a face detector. */
    public BlazeFace(OnnxModel model) {
        this.model = model;
        this.size = model.inputSize();
        this.layers = model.manifest().anchors();
        this.widerBox = model.manifest().widerBox();
        if (layers.isEmpty()) {
            throw new ModelException(model.manifest().name() + " has no 'anchors' in its manifest: it is not a face "
                    + "detector and cannot be models.detector or models.near-detector");
        }
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
        for (AnchorLayer layer : layers) {
            decodeGrid(layer, outputs.get(layer.scores()), outputs.get(layer.offsets()), transform, minScore, out);
        }
        return out;
    }

    /**
     * A raw box of this model reshaped as WIDER FACE and Rekognition box faces (brow to chin, taller than wide), by
     * the model's {@link WiderBox}; keypoints and score unchanged.
     */
    public Detection widerShaped(Detection d) {
        double width = d.width() * widerBox.widthScale();
        double height = d.height() * widerBox.heightScale();
        double centreX = d.x() + d.width() / 2 + widerBox.centreRight() * d.width();
        double centreY = d.y() + d.height() / 2 - widerBox.centreUp() * d.height();
        return new Detection(centreX - width / 2, centreY - height / 2, width, height, d.score(), d.keypoints());
    }

    private void decodeGrid(AnchorLayer layer, float[] scores, float[] offsets, LetterboxTransform t, double minScore,
                            List<Detection> out) {
        double minLogit = Math.log(minScore / (1 - minScore));
        int cells = layer.cells();
        for (int i = 0; i < layer.anchors(); i++) {
            double logit = Math.max(-LOGIT_CLIP, Math.min(LOGIT_CLIP, scores[i * layer.scoreStride() + layer.scoreIndex()]));
            if (logit < minLogit) {
                continue;
            }
            int cell = i / layer.anchorsPerCell();
            double ax = (cell % cells + 0.5) / cells;
            double ay = (cell / cells + 0.5) / cells;
            int o = i * layer.offsetStride() + layer.offsetIndex();
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
