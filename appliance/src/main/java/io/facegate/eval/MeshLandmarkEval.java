package io.facegate.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.FaceDetail;
import io.facegate.attributes.Heads;
import io.facegate.attributes.Member;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.decode.RgbImage;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.Detection;
import io.facegate.detect.FaceDetector;
import io.facegate.model.ModelRegistry;

/**
 * The five DEFAULT landmarks of a DEFAULT call (BlazeFace keypoints) and of an ALL call (facemesh) against the
 * 5-point labels of {@code boxes.tsv} ({@code shared/eval/dlib-pascal} layout), matched and normalised as
 * {@code LandmarkEval} does on main: the detection whose box centre is nearest the labelled centre within half the
 * labelled size; error = distance / labelled inter-ocular distance. Usage: {@code MeshLandmarkEval FOLDER};
 * {@code bin/eval-mesh-landmarks}.
 */
public final class MeshLandmarkEval {

    private static final String[][] POINTS = {
            {"eyeLeft", "lm_eye_imgleft"}, {"eyeRight", "lm_eye_imgright"}, {"nose", "lm_nose"},
            {"mouthLeft", "lm_mouth_imgleft"}, {"mouthRight", "lm_mouth_imgright"}};

    private MeshLandmarkEval() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args.length > 0 ? args[0] : "../shared/eval/dlib-pascal");
        Path tsv = folder.resolve("boxes.tsv");
        if (!Files.isRegularFile(tsv)) {
            System.out.println("skipped: no " + tsv + " (evaluation data is not present on this machine)");
            return;
        }
        FacegateConfig config = ConfigLoader.load(null, Path.of("appliance/target/models"));
        List<String> lines = Files.readAllLines(tsv);
        List<String> header = Arrays.asList(lines.getFirst().split("\t"));
        Map<String, List<String[]>> byImage = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t");
            byImage.computeIfAbsent(cols[0], k -> new ArrayList<>()).add(cols);
        }
        ImageDecoder decoder = new ImageDecoder(1, config.images().maxPixels());
        double[][] errors = new double[2][POINTS.length];
        int labelled = 0;
        int found = 0;
        try (ModelRegistry models = ModelRegistry.load(new FacegateConfig.Models(config.models().dir(),
                config.models().detector(), config.models().nearDetector(), config.models().intraOpThreads(),
                config.models().precision(), config.models().int8Variant(), true))) {
            FaceDetector detector = new FaceDetector(new BlazeFace(models.detector()),
                    models.nearDetector().map(BlazeFace::new), config.detector());
            FaceAnalyzer analyzer = new FaceAnalyzer(models.attributeModels().orElseThrow(), Heads.load());
            for (var entry : byImage.entrySet()) {
                RgbImage image = decoder.decode(Files.readAllBytes(folder.resolve(entry.getKey())));
                List<Detection> detections = detector.detect(image);
                for (String[] face : entry.getValue()) {
                    labelled++;
                    double w = num(header, face, "width");
                    double h = num(header, face, "height");
                    Detection match = nearest(detections, num(header, face, "left") + w / 2,
                            num(header, face, "top") + h / 2, Math.max(w, h) / 2);
                    if (match == null) {
                        continue;
                    }
                    found++;
                    FaceDetail plain = DefaultAttributes.of(match, image);
                    FaceDetail all = analyzer.describe(plain, match, image, EnumSet.allOf(Member.class), true);
                    double interOcular = Math.hypot(
                            num(header, face, "lm_eye_imgright_x") - num(header, face, "lm_eye_imgleft_x"),
                            num(header, face, "lm_eye_imgright_y") - num(header, face, "lm_eye_imgleft_y"));
                    FaceDetail[] details = {plain, all};
                    for (int k = 0; k < 2; k++) {
                        for (int p = 0; p < POINTS.length; p++) {
                            String type = POINTS[p][0];
                            FaceDetail.Landmark l = details[k].landmarks().stream()
                                    .filter(x -> x.type().equals(type)).findFirst().orElseThrow();
                            errors[k][p] += Math.hypot(l.x() * image.width() - num(header, face, POINTS[p][1] + "_x"),
                                    l.y() * image.height() - num(header, face, POINTS[p][1] + "_y")) / interOcular;
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d labelled faces, %d found at min-confidence %.2f%n", folder, labelled,
                found, config.detector().minConfidence());
        System.out.println("  landmark     DEFAULT (BlazeFace)   ALL (facemesh)   mean error / inter-ocular distance");
        double[] total = new double[2];
        for (int p = 0; p < POINTS.length; p++) {
            System.out.printf(Locale.ROOT, "  %-12s %.3f                 %.3f%n", POINTS[p][0],
                    errors[0][p] / Math.max(found, 1), errors[1][p] / Math.max(found, 1));
            total[0] += errors[0][p];
            total[1] += errors[1][p];
        }
        System.out.printf(Locale.ROOT, "  %-12s %.3f                 %.3f%n", "all five",
                total[0] / Math.max(found, 1) / POINTS.length, total[1] / Math.max(found, 1) / POINTS.length);
    }

    private static double num(List<String> header, String[] row, String column) {
        return Double.parseDouble(row[header.indexOf(column)]);
    }

    private static Detection nearest(List<Detection> detections, double cx, double cy, double maxDistance) {
        Detection best = null;
        double bestDistance = maxDistance;
        for (Detection d : detections) {
            double distance = Math.hypot(d.x() + d.width() / 2 - cx, d.y() + d.height() / 2 - cy);
            if (distance <= bestDistance) {
                best = d;
                bestDistance = distance;
            }
        }
        return best;
    }
}
