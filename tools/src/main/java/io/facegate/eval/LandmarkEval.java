package io.facegate.eval;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.face.Face;
import io.facegate.face.LandmarkType;
import io.facegate.attributes.Member;
import io.facegate.decode.RgbImage;
import io.facegate.detect.Detection;

/**
 * The five DEFAULT landmarks of a DEFAULT call (BlazeFace keypoints) and, when the attribute models are loaded, of
 * an ALL call (facemesh) against a folder whose {@code boxes.tsv} has 5-point columns ({@code lm_eye_imgleft_x}, …
 * {@code lm_mouth_imgright_y}, the layout of {@code shared/eval/dlib-pascal}). Each labelled face is matched to the
 * detection whose box centre is nearest to the labelled box centre, within half the labelled box size; the error of
 * each point is its distance to the label divided by the labelled inter-ocular distance. Usage:
 * {@code LandmarkEval FOLDER [--config FILE]}; {@code bin/eval-landmarks}.
 */
public final class LandmarkEval {

    private static final LandmarkType[] TYPES = {LandmarkType.EYE_LEFT, LandmarkType.EYE_RIGHT, LandmarkType.NOSE,
            LandmarkType.MOUTH_LEFT, LandmarkType.MOUTH_RIGHT};
    /** The name of each of {@link #TYPES} in the report, and its column prefix in boxes.tsv. */
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
        double[][] errors = new double[2][POINTS.length];
        int labelled = 0;
        int found = 0;
        try (EvalRun run = opened.get()) {
            boolean mesh = run.analyzer().isPresent();
            for (var entry : run.rowsByImage().entrySet()) {
                RgbImage image = run.image(entry.getKey());
                List<Detection> detections = run.detect(image);
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
                    Face plain = DefaultAttributes.of(match, image);
                    List<Face> details = new ArrayList<>(List.of(plain));
                    run.analyzer().ifPresent(a -> details.add(
                            a.describe(plain, match, image, EnumSet.allOf(Member.class), true)));
                    double interOcular = Math.hypot(
                            run.number(face, "lm_eye_imgright_x") - run.number(face, "lm_eye_imgleft_x"),
                            run.number(face, "lm_eye_imgright_y") - run.number(face, "lm_eye_imgleft_y"));
                    for (int k = 0; k < details.size(); k++) {
                        for (int p = 0; p < POINTS.length; p++) {
                            Face.Landmark landmark = landmark(details.get(k), TYPES[p]);
                            double dx = landmark.x() * image.width() - run.number(face, POINTS[p][1] + "_x");
                            double dy = landmark.y() * image.height() - run.number(face, POINTS[p][1] + "_y");
                            errors[k][p] += Math.hypot(dx, dy) / interOcular;
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s: %d labelled faces, %d found at min-confidence %.2f%n", run.folder(),
                    labelled, found, run.config().detector().minConfidence());
            System.out.println("mean error / inter-ocular distance:");
            System.out.println("  landmark     DEFAULT (BlazeFace)" + (mesh ? "   ALL (facemesh)" : ""));
            double[] total = new double[2];
            for (int p = 0; p < POINTS.length; p++) {
                total[0] += errors[0][p];
                total[1] += errors[1][p];
                System.out.println(row(POINTS[p][0], errors[0][p], errors[1][p], found, mesh));
            }
            System.out.println(row("all five", total[0] / POINTS.length, total[1] / POINTS.length, found, mesh));
        }
    }

    private static String row(String name, double plain, double mesh, int found, boolean withMesh) {
        int n = Math.max(found, 1);
        return String.format(Locale.ROOT, "  %-12s %.3f", name, plain / n)
                + (withMesh ? String.format(Locale.ROOT, "                 %.3f", mesh / n) : "");
    }

    static Detection nearest(List<Detection> detections, double cx, double cy, double maxDistance) {
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

    private static Face.Landmark landmark(Face face, LandmarkType type) {
        return face.landmarks().stream().filter(l -> l.type() == type).findFirst().orElseThrow();
    }
}
