package io.facegate.eval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceDetail;
import io.facegate.decode.RgbImage;
import io.facegate.detect.Detection;

/**
 * The five DEFAULT landmarks against a folder whose {@code boxes.tsv} has 5-point columns ({@code lm_eye_imgleft_x},
 * … {@code lm_mouth_imgright_y}, the layout of {@code shared/eval/dlib-pascal}). Each labelled face is matched to
 * the detection whose box centre is nearest to the labelled box centre, within half the labelled box size; the error
 * of each point is its distance to the label divided by the labelled inter-ocular distance. Prints the mean error per
 * landmark and the share of faces found. Usage: {@code LandmarkEval FOLDER [--config FILE]}; {@code bin/eval-landmarks}.
 */
public final class LandmarkEval {

    private static final String[][] POINTS = {
            {"eyeLeft", "lm_eye_imgleft"}, {"eyeRight", "lm_eye_imgright"}, {"nose", "lm_nose"},
            {"mouthLeft", "lm_mouth_imgleft"}, {"mouthRight", "lm_mouth_imgright"}};

    private LandmarkEval() {
    }

    public static void main(String[] args) throws Exception {
        Optional<EvalRun> opened = EvalRun.open(args);
        if (opened.isEmpty()) {
            return;
        }
        double[] errorSum = new double[POINTS.length];
        int labelled = 0;
        int found = 0;
        try (EvalRun run = opened.get()) {
            for (var entry : run.rowsByImage().entrySet()) {
                RgbImage image = run.image(entry.getKey());
                List<Detection> detections = run.detector().detect(image);
                for (String[] face : entry.getValue()) {
                    labelled++;
                    double width = run.number(face, "width");
                    double height = run.number(face, "height");
                    Detection match = nearest(detections, run.number(face, "left") + width / 2,
                            run.number(face, "top") + height / 2, Math.max(width, height) / 2);
                    if (match == null) {
                        continue;
                    }
                    found++;
                    FaceDetail detail = DefaultAttributes.of(match, image);
                    double interOcular = Math.hypot(
                            run.number(face, "lm_eye_imgright_x") - run.number(face, "lm_eye_imgleft_x"),
                            run.number(face, "lm_eye_imgright_y") - run.number(face, "lm_eye_imgleft_y"));
                    for (int p = 0; p < POINTS.length; p++) {
                        FaceDetail.Landmark landmark = landmark(detail, POINTS[p][0]);
                        double dx = landmark.x() * image.width() - run.number(face, POINTS[p][1] + "_x");
                        double dy = landmark.y() * image.height() - run.number(face, POINTS[p][1] + "_y");
                        errorSum[p] += Math.hypot(dx, dy) / interOcular;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s: %d labelled faces, %d found at min-confidence %.2f%n", run.folder(),
                    labelled, found, run.config().detector().minConfidence());
        }
        double total = 0;
        for (int p = 0; p < POINTS.length; p++) {
            System.out.printf(Locale.ROOT, "  %-10s mean error / inter-ocular distance: %.3f%n", POINTS[p][0],
                    errorSum[p] / Math.max(found, 1));
            total += errorSum[p];
        }
        System.out.printf(Locale.ROOT, "  %-10s %.3f%n", "all five", total / Math.max(found, 1) / POINTS.length);
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

    private static FaceDetail.Landmark landmark(FaceDetail detail, String type) {
        return detail.landmarks().stream().filter(l -> l.type().equals(type)).findFirst().orElseThrow();
    }

}
