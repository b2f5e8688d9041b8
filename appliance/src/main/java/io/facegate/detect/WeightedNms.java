package io.facegate.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's WEIGHTED non-maximum suppression: the best-scoring box absorbs every box overlapping it by more than
 * the IoU threshold, and the merged box and keypoints are the score-weighted mean of the cluster. The merged score
 * is the best score of the cluster.
 */
final class WeightedNms {

    private WeightedNms() {
    }

    static List<Detection> merge(List<Detection> detections, double iouThreshold) {
        List<Detection> remaining = new ArrayList<>(detections);
        remaining.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> merged = new ArrayList<>();
        while (!remaining.isEmpty()) {
            Detection best = remaining.getFirst();
            List<Detection> cluster = new ArrayList<>();
            List<Detection> rest = new ArrayList<>();
            for (Detection d : remaining) {
                (d == best || best.iou(d) > iouThreshold ? cluster : rest).add(d);
            }
            merged.add(average(cluster, best.score()));
            remaining = rest;
        }
        return merged;
    }

    private static Detection average(List<Detection> cluster, double score) {
        if (cluster.size() == 1) {
            return cluster.getFirst();
        }
        double total = 0;
        double x = 0;
        double y = 0;
        double w = 0;
        double h = 0;
        int keypointCount = cluster.getFirst().keypoints().size();
        double[] kx = new double[keypointCount];
        double[] ky = new double[keypointCount];
        for (Detection d : cluster) {
            double s = d.score();
            total += s;
            x += d.x() * s;
            y += d.y() * s;
            w += d.width() * s;
            h += d.height() * s;
            for (int i = 0; i < keypointCount; i++) {
                kx[i] += d.keypoint(i).x() * s;
                ky[i] += d.keypoint(i).y() * s;
            }
        }
        List<Point> keypoints = new ArrayList<>(keypointCount);
        for (int i = 0; i < keypointCount; i++) {
            keypoints.add(new Point(kx[i] / total, ky[i] / total));
        }
        return new Detection(x / total, y / total, w / total, h / total, score, List.copyOf(keypoints));
    }
}
