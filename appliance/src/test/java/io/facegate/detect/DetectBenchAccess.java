package io.facegate.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.facegate.decode.RgbImage;
import io.facegate.preprocess.ModelInput;
import io.facegate.preprocess.Region;

/**
 * Opens {@link FaceDetector}'s package-private tiling and {@link WeightedNms} to the JMH benchmarks in
 * {@code io.facegate.bench}, so {@link FaceDetector#detect(RgbImage, DetectionProfile)} can be timed stage by stage.
 * Test code only.
 */
public final class DetectBenchAccess {

    /** One BlazeFace pass of {@link FaceDetector#detectAll}: which network, over which region, whether a tile. */
    public record Pass(BlazeFace net, Region region, boolean tile) {
    }

    private DetectBenchAccess() {
    }

    /** The passes {@link FaceDetector#detectAll} makes, in its order. */
    public static List<Pass> passes(FaceDetector detector, RgbImage image, DetectionProfile profile) {
        return detector.passes(whole(image), profile).stream().map(p -> new Pass(p.net(), p.region(), p.tile())).toList();
    }

    /**
     * The part of {@link FaceDetector#detect(RgbImage, DetectionProfile)} after inference: {@link BlazeFace#decode} of every pass down to
     * the candidate floor, then FaceDetector's own merge and threshold.
     */
    public static List<Detection> postprocess(FaceDetector detector, RgbImage image, DetectionProfile profile,
                                              List<ModelInput> inputs, List<Map<String, float[]>> outputs) {
        List<FaceDetector.Pass> passes = detector.passes(whole(image), profile);
        List<List<Detection>> found = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            found.add(passes.get(i).net().decode(outputs.get(i), inputs.get(i).transform(),
                    FaceDetector.candidateFloor(profile)));
        }
        return FaceDetector.confident(detector.merge(whole(image), passes, found, profile), profile);
    }

    private static Region whole(RgbImage image) {
        return Region.whole(image.width(), image.height());
    }
}
