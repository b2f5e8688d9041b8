package io.facegate.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.facegate.config.FacegateConfig;
import io.facegate.decode.RgbImage;
import io.facegate.preprocess.Region;

/**
 * Finds faces in a whole image: back-256 over the whole image, front-128 over it too when configured (faces
 * filling much of the frame), plus, for images large
 * enough, an n×n grid of overlapping tiles so that a 40 px face in a 1080p photo is not shrunk to 10 px. Tile
 * detections cut by an inner tile edge are dropped (the face is whole in a neighbouring tile or in the whole
 * image); each model's boxes are reshaped to brow-to-chin boxes by its manifest's {@code widerBox} (BlazeFace boxes
 * are square, eyebrows to mouth), then everything is merged by weighted NMS.
 */
public final class FaceDetector {

    /**
     * Candidates down to this score take part in weighted NMS before the threshold is applied: weak detections of
     * the same face then merge into its cluster instead of surviving as duplicates. On widerface-dev, at threshold
     * 0.7, this raised precision for faces >= 40 px from 0.853 to 0.860 with recall 0.762 → 0.766 (0.35: same).
     */
    static final double CANDIDATE_FLOOR = 0.2;

    private final BlazeFace blazeFace;
    private final Optional<BlazeFace> nearFaces;
    private final FacegateConfig.Detector settings;

    public FaceDetector(BlazeFace blazeFace, Optional<BlazeFace> nearFaces, FacegateConfig.Detector settings) {
        this.blazeFace = blazeFace;
        this.nearFaces = nearFaces;
        this.settings = settings;
    }

    /** One BlazeFace pass: which network, over which region, and whether the region is a tile. */
    record Pass(BlazeFace net, Region region, boolean tile) {
    }

    /** The faces scoring at least the configured minimum confidence, at most {@code maxFaces}, largest first. */
    public List<Detection> detect(RgbImage image) {
        return confident(detectAll(image));
    }

    /**
     * Every merged face scoring at least {@link #CANDIDATE_FLOOR} (or the minimum confidence, if lower), largest
     * first and not capped; {@link #detect} filters this, and the evaluation tool sweeps thresholds over it.
     */
    public List<Detection> detectAll(RgbImage image) {
        List<Pass> passes = passes(image);
        List<List<Detection>> found = passes.stream()
                .map(pass -> pass.net().detect(image, pass.region(), candidateFloor()))
                .toList();
        return merge(image, passes, found);
    }

    /** The passes for an image: the detector over the whole image, the near-face detector, then each tile. */
    List<Pass> passes(RgbImage image) {
        Region whole = Region.whole(image.width(), image.height());
        List<Pass> passes = new ArrayList<>();
        passes.add(new Pass(blazeFace, whole, false));
        nearFaces.ifPresent(near -> passes.add(new Pass(near, whole, false)));
        tiles(image.width(), image.height()).forEach(tile -> passes.add(new Pass(blazeFace, tile, true)));
        return passes;
    }

    double candidateFloor() {
        return Math.min(CANDIDATE_FLOOR, settings.minConfidence());
    }

    /** Merges what each pass found (same order as {@code passes}) into faces, largest first. */
    List<Detection> merge(RgbImage image, List<Pass> passes, List<List<Detection>> found) {
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            Pass pass = passes.get(i);
            for (Detection d : found.get(i)) {
                if (!pass.tile() || !cutByInnerEdge(d, pass.region(), image)) {
                    candidates.add(pass.net().widerShaped(d));
                }
            }
        }
        List<Detection> merged = new ArrayList<>(WeightedNms.merge(candidates, settings.nmsIou()));
        merged.sort(Comparator.comparingDouble(Detection::area).reversed());
        return merged;
    }

    /** The faces of a merged, largest-first list that reach the minimum confidence, at most {@code maxFaces}. */
    List<Detection> confident(List<Detection> merged) {
        List<Detection> faces = merged.stream().filter(d -> d.score() >= settings.minConfidence()).toList();
        return faces.size() > settings.maxFaces() ? faces.subList(0, settings.maxFaces()) : faces;
    }

    /** The tiles for an image, or none when tiling is off or the image is small. */
    List<Region> tiles(int width, int height) {
        int n = settings.tileGrid();
        if (n < 2 || Math.max(width, height) < settings.tileAbovePixels()) {
            return List.of();
        }
        double overlap = settings.tileOverlap();
        // n tiles of side s with (n-1) overlaps of overlap*W cover W: n*s - (n-1)*overlap*W = W.
        double tw = width * (1 + (n - 1) * overlap) / n;
        double th = height * (1 + (n - 1) * overlap) / n;
        List<Region> tiles = new ArrayList<>(n * n);
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                tiles.add(new Region(col * (width - tw) / (n - 1), row * (height - th) / (n - 1), tw, th));
            }
        }
        return tiles;
    }

    private static boolean cutByInnerEdge(Detection d, Region tile, RgbImage image) {
        double slack = 0.02 * Math.max(tile.width(), tile.height());
        boolean left = tile.x() > 0 && d.x() < tile.x() + slack;
        boolean top = tile.y() > 0 && d.y() < tile.y() + slack;
        boolean right = tile.right() < image.width() && d.x() + d.width() > tile.right() - slack;
        boolean bottom = tile.bottom() < image.height() && d.y() + d.height() > tile.bottom() - slack;
        return left || top || right || bottom;
    }
}
