package io.facegate.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.facegate.decode.RgbImage;
import io.facegate.preprocess.Region;

/**
 * Finds faces in an image or a region of it, as a {@link DetectionProfile} says: back-256 over the whole area,
 * front-128 over it too when loaded and wanted (faces filling much of the frame), plus, for areas large enough, an
 * n×n grid of overlapping tiles so that a 40 px face in a 1080p photo is not shrunk to 10 px. Tile detections cut by
 * an inner tile edge are dropped (the face is whole in a neighbouring tile or in the whole area); each model's boxes
 * are reshaped to brow-to-chin boxes by its manifest's {@code widerBox} (BlazeFace boxes are square, eyebrows to
 * mouth), then everything is merged by weighted NMS. Safe to call from many threads.
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

    public FaceDetector(BlazeFace blazeFace, Optional<BlazeFace> nearFaces) {
        this.blazeFace = blazeFace;
        this.nearFaces = nearFaces;
    }

    /** One BlazeFace pass: which network, over which region, and whether the region is a tile. */
    record Pass(BlazeFace net, Region region, boolean tile) {
    }

    /** The faces in {@code area} scoring at least the profile's minimum confidence, at most its maximum, largest first. */
    public List<Detection> detect(RgbImage image, Region area, DetectionProfile profile) {
        return confident(detectAll(image, area, profile), profile);
    }

    /** {@link #detect} over the whole image. */
    public List<Detection> detect(RgbImage image, DetectionProfile profile) {
        return detect(image, Region.whole(image.width(), image.height()), profile);
    }

    /**
     * Every merged face in {@code area} scoring at least {@link #CANDIDATE_FLOOR} (or the minimum confidence, if
     * lower), largest first and not capped; {@link #detect} filters this, and the evaluation tool sweeps thresholds
     * over it.
     */
    public List<Detection> detectAll(RgbImage image, Region area, DetectionProfile profile) {
        List<Pass> passes = passes(area, profile);
        double floor = candidateFloor(profile);
        List<List<Detection>> found = passes.stream()
                .map(pass -> pass.net().detect(image, pass.region(), floor))
                .toList();
        return merge(area, passes, found, profile);
    }

    /** {@link #detectAll(RgbImage, Region, DetectionProfile)} over the whole image. */
    public List<Detection> detectAll(RgbImage image, DetectionProfile profile) {
        return detectAll(image, Region.whole(image.width(), image.height()), profile);
    }

    /** The passes over an area: the detector over all of it, the near-face detector, then each tile. */
    List<Pass> passes(Region area, DetectionProfile profile) {
        List<Pass> passes = new ArrayList<>();
        passes.add(new Pass(blazeFace, area, false));
        if (profile.nearPass()) {
            nearFaces.ifPresent(near -> passes.add(new Pass(near, area, false)));
        }
        tiles(area, profile).forEach(tile -> passes.add(new Pass(blazeFace, tile, true)));
        return passes;
    }

    static double candidateFloor(DetectionProfile profile) {
        return Math.min(CANDIDATE_FLOOR, profile.minConfidence());
    }

    /** Merges what each pass found (same order as {@code passes}) into faces, largest first. */
    List<Detection> merge(Region area, List<Pass> passes, List<List<Detection>> found, DetectionProfile profile) {
        List<Detection> candidates = new ArrayList<>();
        for (int i = 0; i < passes.size(); i++) {
            Pass pass = passes.get(i);
            for (Detection d : found.get(i)) {
                if (!pass.tile() || !cutByInnerEdge(d, pass.region(), area)) {
                    candidates.add(pass.net().widerShaped(d));
                }
            }
        }
        List<Detection> merged = new ArrayList<>(WeightedNms.merge(candidates, profile.nmsIou()));
        merged.sort(Comparator.comparingDouble(Detection::area).reversed());
        return merged;
    }

    /** The faces of a merged, largest-first list that reach the minimum confidence, at most {@code maxFaces}. */
    static List<Detection> confident(List<Detection> merged, DetectionProfile profile) {
        List<Detection> faces = merged.stream().filter(d -> d.score() >= profile.minConfidence()).toList();
        return faces.size() > profile.maxFaces() ? faces.subList(0, profile.maxFaces()) : faces;
    }

    /** The tiles over an area, or none when tiling is off or the area is small. */
    static List<Region> tiles(Region area, DetectionProfile profile) {
        int n = profile.tileGrid();
        if (n < 2 || Math.max(area.width(), area.height()) < profile.tileAbovePixels()) {
            return List.of();
        }
        double overlap = profile.tileOverlap();
        // n tiles of side s with (n-1) overlaps of overlap*W cover W: n*s - (n-1)*overlap*W = W.
        double tw = area.width() * (1 + (n - 1) * overlap) / n;
        double th = area.height() * (1 + (n - 1) * overlap) / n;
        List<Region> tiles = new ArrayList<>(n * n);
        for (int row = 0; row < n; row++) {
            for (int col = 0; col < n; col++) {
                tiles.add(new Region(area.x() + col * (area.width() - tw) / (n - 1),
                        area.y() + row * (area.height() - th) / (n - 1), tw, th));
            }
        }
        return tiles;
    }

    private static boolean cutByInnerEdge(Detection d, Region tile, Region area) {
        double slack = 0.02 * Math.max(tile.width(), tile.height());
        boolean left = tile.x() > area.x() && d.x() < tile.x() + slack;
        boolean top = tile.y() > area.y() && d.y() < tile.y() + slack;
        boolean right = tile.right() < area.right() && d.x() + d.width() > tile.right() - slack;
        boolean bottom = tile.bottom() < area.bottom() && d.y() + d.height() > tile.bottom() - slack;
        return left || top || right || bottom;
    }
}
