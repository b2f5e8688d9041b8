package io.facegate.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.facegate.config.FacegateConfig;
import io.facegate.detect.Detection;

/**
 * Runs the service's detector, with the service's configuration, over a folder holding {@code boxes.tsv} (WIDER
 * layout) and the images it names, and prints AP, recall and precision per face-size band. Usage:
 * {@code DetectionEval FOLDER [--config FILE]}; {@code bin/eval-widerface} wraps it.
 *
 * <p>Each image is detected once, keeping every face down to the detector's candidate floor; AP is the area under
 * that sweep, and recall and precision at a threshold are what the API answers with that minimum confidence.
 */
public final class DetectionEval {

    static final int[] BANDS = {40, 80};

    private DetectionEval() {
    }

    public static void main(String[] args) throws Exception {
        Optional<EvalRun> opened = EvalRun.open(args);
        if (opened.isEmpty()) {
            return;
        }
        try (EvalRun run = opened.get()) {
            List<Double> millis = new ArrayList<>();
            BandScore[] bands = score(run, millis);
            print(run, bands, millis);
        }
    }

    /** Scores every image of the run in each size band of {@link #BANDS}; adds each image's time to {@code millis}. */
    static BandScore[] score(EvalRun run, List<Double> millis) throws Exception {
        BandScore[] bands = new BandScore[BANDS.length];
        for (int b = 0; b < BANDS.length; b++) {
            bands[b] = new BandScore(BANDS[b]);
        }
        for (var entry : run.rowsByImage().entrySet()) {
            List<GroundTruth> faces = entry.getValue().stream().map(row -> new GroundTruth(run.number(row, "left"),
                    run.number(row, "top"), run.number(row, "width"), run.number(row, "height"),
                    run.text(row, "invalid").equals("1"))).toList();
            long start = System.nanoTime();
            List<Detection> all = run.detectAll(run.image(entry.getKey()));
            millis.add((System.nanoTime() - start) / 1e6);
            for (BandScore band : bands) {
                band.add(faces, all);
            }
        }
        return bands;
    }

    private static void print(EvalRun run, BandScore[] bands, List<Double> millis) {
        Collections.sort(millis);
        FacegateConfig config = run.config();
        FacegateConfig.Detector d = config.detector();
        System.out.printf(Locale.ROOT, "%s: %d images, detector %s, near-detector %s, min-confidence %.2f, "
                        + "tile-grid %d, tile-above-pixels %d%n", run.folder(), run.rowsByImage().size(),
                config.models().detector(), config.models().nearDetector().orElse("none"), d.minConfidence(),
                d.tileGrid(), d.tileAbovePixels());
        System.out.printf(Locale.ROOT, "%-10s %6s %6s %9s %9s%n", "band", "faces", "AP", "recall", "precision");
        for (int b = 0; b < BANDS.length; b++) {
            double[] rp = bands[b].recallPrecisionAt(d.minConfidence());
            System.out.printf(Locale.ROOT, ">= %-3d px  %6d %6.3f %9.3f %9.3f%n", BANDS[b], bands[b].positives(),
                    bands[b].averagePrecision(), rp[0], rp[1]);
        }
        System.out.println("recall / precision by threshold:");
        for (double t = 0.3; t < 0.96; t += 0.05) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  >= %.2f", t));
            for (int b = 0; b < BANDS.length; b++) {
                double[] rp = bands[b].recallPrecisionAt(t);
                row.append(String.format(Locale.ROOT, "   %d px: %.3f / %.3f", BANDS[b], rp[0], rp[1]));
            }
            System.out.println(row);
        }
        System.out.printf(Locale.ROOT, "median decode+detect time per image: %.1f ms (p90 %.1f ms)%n",
                millis.get(millis.size() / 2), millis.get(millis.size() * 9 / 10));
    }
}
