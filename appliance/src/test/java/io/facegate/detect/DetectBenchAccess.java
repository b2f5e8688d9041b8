package io.facegate.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.facegate.config.FacegateConfig;
import io.facegate.decode.RgbImage;
import io.facegate.preprocess.ModelInput;
import io.facegate.preprocess.Region;

/**
 * Opens {@link FaceDetector}'s package-private tiling and {@link WeightedNms} to the JMH benchmarks in
 * {@code io.facegate.bench}, so {@link FaceDetector#detect(RgbImage, double)} can be timed stage by stage. Test code
 * only.
 */
public final class DetectBenchAccess {

    private DetectBenchAccess() {
    }

    /** The regions {@link FaceDetector#detect} runs BlazeFace on, in its order: the whole image, then the tiles. */
    public static List<Region> passes(FaceDetector detector, RgbImage image) {
        List<Region> passes = new ArrayList<>();
        passes.add(Region.whole(image.width(), image.height()));
        passes.addAll(detector.tiles(image.width(), image.height()));
        return passes;
    }

    /**
     * The part of {@link FaceDetector#detect(RgbImage, double)} after inference: {@link BlazeFace#decode} of every
     * pass, dropping tile detections cut by an inner tile edge, {@link WeightedNms#merge}, largest first, at most
     * {@code maxFaces}. A copy of that method's steps (the edge test is private there); the benchmark checks at
     * setup that it returns exactly what {@code detect} returns.
     */
    public static List<Detection> postprocess(BlazeFace blazeFace, FacegateConfig.Detector settings, RgbImage image,
                                              List<Region> passes, List<ModelInput> inputs,
                                              List<Map<String, float[]>> outputs, double minScore) {
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            List<Detection> found = blazeFace.decode(outputs.get(i), inputs.get(i).transform(), minScore);
            if (i == 0) {
                candidates.addAll(found);
                continue;
            }
            Region tile = passes.get(i);
            for (Detection d : found) {
                if (!cutByInnerEdge(d, tile, image)) {
                    candidates.add(d);
                }
            }
        }
        List<Detection> merged = WeightedNms.merge(candidates, settings.nmsIou());
        merged.sort(Comparator.comparingDouble(Detection::area).reversed());
        return merged.size() > settings.maxFaces() ? List.copyOf(merged.subList(0, settings.maxFaces())) : merged;
    }

    /** Same test as FaceDetector's private {@code cutByInnerEdge}. */
    private static boolean cutByInnerEdge(Detection d, Region tile, RgbImage image) {
        double slack = 0.02 * Math.max(tile.width(), tile.height());
        boolean left = tile.x() > 0 && d.x() < tile.x() + slack;
        boolean top = tile.y() > 0 && d.y() < tile.y() + slack;
        boolean right = tile.right() < image.width() && d.x() + d.width() > tile.right() - slack;
        boolean bottom = tile.bottom() < image.height() && d.y() + d.height() > tile.bottom() - slack;
        return left || top || right || bottom;
    }
}
