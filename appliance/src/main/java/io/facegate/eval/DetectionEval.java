package io.facegate.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.Detection;
import io.facegate.detect.FaceDetector;
import io.facegate.model.ModelRegistry;

/**
 * Runs the service's detector, with the service's configuration, over a folder holding {@code boxes.tsv} and the
 * images it names, and prints AP, recall and precision per face-size band. Usage:
 * {@code DetectionEval FOLDER [--config FILE]}; {@code bin/eval-widerface} wraps it. System properties override
 * the config as for the service ({@code -Ddetector.tile-grid=0}).
 *
 * <p>Each image is detected once, keeping every face down to the detector's candidate floor; AP is the area under
 * that sweep, and recall and precision at a threshold are what the API answers with that minimum confidence.
 */
public final class DetectionEval {

    private static final int[] BANDS = {40, 80};

    private DetectionEval() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DetectionEval FOLDER [--config FILE]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Path boxes = folder.resolve("boxes.tsv");
        if (!Files.isRegularFile(boxes)) {
            System.out.println("skipped: no " + boxes + " (evaluation data is not present on this machine)");
            return;
        }
        Path configFile = args.length >= 3 && args[1].equals("--config") ? Path.of(args[2]) : null;
        FacegateConfig config = ConfigLoader.load(configFile, Path.of("appliance/target/models"));
        GroundTruth truth = GroundTruth.read(boxes);
        ImageDecoder decoder = new ImageDecoder(1, config.images().maxPixels());
        try (ModelRegistry models = ModelRegistry.load(config.models())) {
            FaceDetector detector = new FaceDetector(new BlazeFace(models.detector()),
                    models.nearDetector().map(BlazeFace::new), config.detector());
            BandScore[] bands = bands();
            List<Double> millis = new ArrayList<>();
            for (var entry : truth.facesByImage().entrySet()) {
                byte[] bytes = Files.readAllBytes(folder.resolve(entry.getKey()));
                long start = System.nanoTime();
                List<Detection> all = detector.detectAll(decoder.decode(bytes));
                millis.add((System.nanoTime() - start) / 1e6);
                for (BandScore band : bands) {
                    band.add(entry.getValue(), all);
                }
            }
            Collections.sort(millis);
            FacegateConfig.Detector d = config.detector();
            System.out.printf(Locale.ROOT, "%s: %d images, detector %s, min-confidence %.2f, tile-grid %d, "
                            + "tile-above-pixels %d%n", folder, truth.facesByImage().size(), config.models().detector(),
                    d.minConfidence(), d.tileGrid(), d.tileAbovePixels());
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

    private static BandScore[] bands() {
        BandScore[] scores = new BandScore[BANDS.length];
        for (int b = 0; b < BANDS.length; b++) {
            scores[b] = new BandScore(BANDS[b]);
        }
        return scores;
    }
}
