package io.facegate.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.facegate.detect.Detection;

/**
 * Scores detections against ground truth for one size band with the protocol of {@code shared/eval/README.md}:
 * a detection matches a face at IoU >= 0.5, greedily from the highest confidence; faces marked invalid or lower
 * than the band are ignore regions (matching one is neither a true nor a false positive, missing one is no false
 * negative). AP is the area under the precision envelope over recall (all points).
 */
final class BandScore {

    private record Scored(double score, boolean truePositive) {
    }

    private final double minHeight;
    private final List<Scored> scored = new ArrayList<>();
    private int positives;

    BandScore(double minHeight) {
        this.minHeight = minHeight;
    }

    void add(List<GroundTruth> faces, List<Detection> detections) {
        boolean[] ignore = new boolean[faces.size()];
        boolean[] taken = new boolean[faces.size()];
        for (int i = 0; i < faces.size(); i++) {
            ignore[i] = faces.get(i).invalid() || faces.get(i).height() < minHeight;
            if (!ignore[i]) {
                positives++;
            }
        }
        List<Detection> sorted = new ArrayList<>(detections);
        sorted.sort(Comparator.comparingDouble(Detection::score).reversed());
        for (Detection d : sorted) {
            int match = bestMatch(d, faces, i -> !ignore[i] && !taken[i]);
            if (match >= 0) {
                taken[match] = true;
                scored.add(new Scored(d.score(), true));
            } else if (bestMatch(d, faces, i -> ignore[i]) < 0) {
                scored.add(new Scored(d.score(), false));
            }
        }
    }

    /** The eligible face with the highest IoU >= 0.5, or -1. */
    private static int bestMatch(Detection d, List<GroundTruth> faces, java.util.function.IntPredicate eligible) {
        int best = -1;
        double bestIou = 0.5;
        for (int i = 0; i < faces.size(); i++) {
            double iou = eligible.test(i) ? iou(d, faces.get(i)) : 0;
            if (iou >= bestIou) {
                best = i;
                bestIou = iou;
            }
        }
        return best;
    }

    int positives() {
        return positives;
    }

    double averagePrecision() {
        List<Scored> ranked = new ArrayList<>(scored);
        ranked.sort(Comparator.comparingDouble(Scored::score).reversed());
        int n = ranked.size();
        double[] precision = new double[n];
        double[] recall = new double[n];
        int tp = 0;
        for (int i = 0; i < n; i++) {
            tp += ranked.get(i).truePositive() ? 1 : 0;
            precision[i] = tp / (double) (i + 1);
            recall[i] = positives == 0 ? 0 : tp / (double) positives;
        }
        for (int i = n - 2; i >= 0; i--) {
            precision[i] = Math.max(precision[i], precision[i + 1]);
        }
        double ap = 0;
        double previousRecall = 0;
        for (int i = 0; i < n; i++) {
            ap += (recall[i] - previousRecall) * precision[i];
            previousRecall = recall[i];
        }
        return ap;
    }

    /** Recall and precision counting only detections with score >= threshold. */
    double[] recallPrecisionAt(double threshold) {
        long tp = scored.stream().filter(s -> s.score() >= threshold && s.truePositive()).count();
        long all = scored.stream().filter(s -> s.score() >= threshold).count();
        return new double[] {positives == 0 ? 0 : tp / (double) positives, all == 0 ? 1 : tp / (double) all};
    }

    private static double iou(Detection d, GroundTruth f) {
        double ix = Math.min(d.x() + d.width(), f.left() + f.width()) - Math.max(d.x(), f.left());
        double iy = Math.min(d.y() + d.height(), f.top() + f.height()) - Math.max(d.y(), f.top());
        if (ix <= 0 || iy <= 0) {
            return 0;
        }
        double intersection = ix * iy;
        return intersection / (d.width() * d.height() + f.width() * f.height() - intersection);
    }
}
