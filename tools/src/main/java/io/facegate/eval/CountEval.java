package io.facegate.eval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.facegate.decode.RgbImage;
import io.facegate.detect.Detection;

/**
 * Face counting against a folder whose {@code boxes.tsv} gives one nose point per face ({@code nose_x},
 * {@code nose_y}; {@code face_index -1} for an image without faces), the layout of
 * {@code shared/eval/compreface-samples}. Prints, per image and in total, the faces labelled, the faces returned,
 * and how many labelled noses fall inside a returned box (each box counted once). Usage:
 * {@code CountEval FOLDER [--config FILE]}; {@code bin/eval-counts}.
 */
public final class CountEval {

    private CountEval() {
    }

    public static void main(String[] args) throws Exception {
        Optional<EvalRun> opened = EvalRun.open(args);
        if (opened.isEmpty()) {
            return;
        }
        int labelled = 0;
        int returned = 0;
        int covered = 0;
        int exact = 0;
        try (EvalRun run = opened.get()) {
            for (var entry : run.rowsByImage().entrySet()) {
                List<double[]> noses = entry.getValue().stream()
                        .filter(row -> !run.text(row, "face_index").equals("-1"))
                        .map(row -> new double[] {run.number(row, "nose_x"), run.number(row, "nose_y")})
                        .toList();
                RgbImage image = run.image(entry.getKey());
                List<Detection> faces = run.detect(image);
                int hits = covered(noses, faces);
                labelled += noses.size();
                returned += faces.size();
                covered += hits;
                exact += faces.size() == noses.size() && hits == faces.size() ? 1 : 0;
                System.out.printf(Locale.ROOT, "  %-28s %5dx%-5d labelled %2d  returned %2d  noses in a box %2d%n",
                        entry.getKey(), image.width(), image.height(), noses.size(), faces.size(), hits);
            }
            System.out.printf(Locale.ROOT, "%s: %d images, %d exactly right; %d faces labelled, %d returned, %d noses "
                            + "in a returned box (recall %.3f, precision %.3f) at min-confidence %.2f%n", run.folder(),
                    run.rowsByImage().size(), exact, labelled, returned, covered,
                    covered / (double) Math.max(labelled, 1), covered / (double) Math.max(returned, 1),
                    run.config().detector().minConfidence());
        }
    }

    /** Noses inside a box, each box used once (greedy, nearest box centre first). */
    private static int covered(List<double[]> noses, List<Detection> faces) {
        boolean[] used = new boolean[faces.size()];
        int hits = 0;
        for (double[] nose : noses) {
            int best = -1;
            double bestDistance = Double.MAX_VALUE;
            for (int i = 0; i < faces.size(); i++) {
                Detection d = faces.get(i);
                boolean inside = nose[0] >= d.x() && nose[0] <= d.x() + d.width() && nose[1] >= d.y()
                        && nose[1] <= d.y() + d.height();
                double distance = Math.hypot(d.x() + d.width() / 2 - nose[0], d.y() + d.height() / 2 - nose[1]);
                if (inside && !used[i] && distance < bestDistance) {
                    best = i;
                    bestDistance = distance;
                }
            }
            if (best >= 0) {
                used[best] = true;
                hits++;
            }
        }
        return hits;
    }
}
