package io.facegate.eval;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.Measurements;
import io.facegate.attributes.Member;
import io.facegate.face.Face;
import io.facegate.face.FaceAttributes.Verdict;
import io.facegate.decode.RgbImage;
import io.facegate.detect.Detection;

/**
 * FaceOccluded against WIDER FACE's occlusion label (0 none, 1 partial: up to 30 % of the face, 2 heavy: more) on a
 * {@code boxes.tsv} folder: every valid face at least {@link #MIN_HEIGHT} px high that the service finds at its
 * threshold (nearest detection centre within half the face size) is asked {@code FACE_OCCLUDED}. Prints the share
 * flagged per level, balanced accuracy of heavy vs none and of partial-or-heavy vs none, and the confidence bands.
 * Usage: {@code OcclusionEval FOLDER [--config FILE]}; {@code bin/eval-occlusion} wraps it.
 */
public final class OcclusionEval {

    static final int MIN_HEIGHT = 40;

    private OcclusionEval() {
    }

    /** Profile views, by BlazeFace's keypoints: the frontal mesh model's face flag drops on them. */
    static final double PROFILE_YAW = 40;

    /**
     * One face asked: its WIDER level, the service's answer, its Sunglasses member (one of the answer's two causes)
     * and whether it is a profile view.
     */
    private record Answer(int level, Verdict occluded, Verdict sunglasses, boolean profile) {

        /** Called occluded by the face flag rather than by Sunglasses. */
        boolean byFaceFlag() {
            return occluded.value() && !sunglasses.value();
        }

        /** The stricter rule the README weighs: no face-flag call on profiles, Sunglasses only at >= 50 %. */
        boolean stricter() {
            return (byFaceFlag() && !profile) || (sunglasses.value() && sunglasses.confidence() >= 0.5);
        }
    }

    public static void main(String[] args) throws Exception {
        Optional<EvalRun> opened = EvalRun.open(args);
        if (opened.isEmpty()) {
            return;
        }
        try (EvalRun run = opened.get()) {
            FaceAnalyzer analyzer = run.analyzer().orElseThrow(
                    () -> new IllegalStateException("FaceOccluded needs the attribute models"));
            List<Answer> answers = new java.util.ArrayList<>();
            int[] labelled = new int[3];
            for (var entry : run.rowsByImage().entrySet()) {
                List<String[]> faces = entry.getValue().stream().filter(f -> run.number(f, "height") >= MIN_HEIGHT
                        && run.text(f, "invalid").equals("0")).toList();
                if (faces.isEmpty()) {
                    continue;
                }
                RgbImage image = run.image(entry.getKey());
                List<Detection> detections = run.detect(image);
                for (String[] face : faces) {
                    int level = (int) run.number(face, "occlusion");
                    labelled[level]++;
                    double width = run.number(face, "width");
                    double height = run.number(face, "height");
                    Detection match = LandmarkEval.nearest(detections, run.number(face, "left") + width / 2,
                            run.number(face, "top") + height / 2, Math.max(width, height) / 2);
                    if (match != null) {
                        Measurements m = analyzer.measure(match, image,
                                FaceAnalyzer.Needs.of(EnumSet.of(Member.FACE_OCCLUDED), false));
                        Face base = DefaultAttributes.of(match, image);
                        Face detail = analyzer.describe(base, image,
                                EnumSet.of(Member.FACE_OCCLUDED, Member.SUNGLASSES), false, m);
                        answers.add(new Answer(level, detail.attributes().faceOccluded().orElseThrow(),
                                detail.attributes().sunglasses().orElseThrow(), Math.abs(base.pose().yaw()) > PROFILE_YAW));
                    }
                }
            }
            print(run, labelled, answers);
        }
    }

    private static void print(EvalRun run, int[] labelled, List<Answer> answers) {
        System.out.printf(Locale.ROOT, "%s: valid faces >= %d px high, found at min-confidence %.2f, by WIDER "
                + "occlusion level%n", run.folder(), MIN_HEIGHT, run.config().detector().minConfidence());
        String[] names = {"none", "partial", "heavy"};
        for (int level = 0; level < 3; level++) {
            int l = level;
            long found = answers.stream().filter(a -> a.level() == l).count();
            long flagged = answers.stream().filter(a -> a.level() == l && a.occluded().value()).count();
            long byFaceFlag = answers.stream().filter(a -> a.level() == l && a.byFaceFlag()).count();
            long onProfiles = answers.stream().filter(a -> a.level() == l && a.byFaceFlag() && a.profile()).count();
            long stricter = answers.stream().filter(a -> a.level() == l && a.stricter()).count();
            System.out.printf(Locale.ROOT, "  %-8s labelled %4d, found %4d, FaceOccluded true %4d (%.1f %%; "
                            + "Sunglasses %d, otherwise face flag below %.1f %d, %d of them profiles); stricter rule "
                            + "%d%n", names[level], labelled[level], found, flagged,
                    100.0 * flagged / Math.max(1, found), flagged - byFaceFlag, FaceAnalyzer.FACE_FLAG_MIN, byFaceFlag,
                    onProfiles, stricter);
        }
        System.out.printf(Locale.ROOT, "balanced accuracy: heavy vs none %.3f; partial or heavy vs none %.3f%n",
                balanced(answers, 2, a -> a.occluded().value()), balanced(answers, 1, a -> a.occluded().value()));
        System.out.printf(Locale.ROOT, "stricter rule (no face-flag call with |yaw| > %.0f° by BlazeFace's keypoints, "
                + "Sunglasses only at >= 50 %% confidence): balanced accuracy heavy vs none %.3f; partial or heavy vs "
                + "none %.3f%n", PROFILE_YAW, balanced(answers, 2, Answer::stricter),
                balanced(answers, 1, Answer::stricter));
        System.out.println("confidence bands of the returned value, partial or heavy counted as occluded "
                + "[band: mean confidence / % right, n]:");
        StringBuilder bands = new StringBuilder(" ");
        for (int b = 0; b < 10; b++) {
            int band = b;
            List<Answer> in = answers.stream().filter(a -> Math.min(9, (int) (a.occluded().confidence() * 10)) == band)
                    .toList();
            if (!in.isEmpty()) {
                double confidence = in.stream().mapToDouble(a -> 100 * a.occluded().confidence()).average().orElseThrow();
                double right = in.stream().filter(a -> a.occluded().value() == (a.level() > 0)).count()
                        / (double) in.size();
                bands.append(String.format(Locale.ROOT, " [%d-%d: %.0f/%.0f, %d]", 10 * b, 10 * b + 10, confidence,
                        100 * right, in.size()));
            }
        }
        System.out.println(bands);
    }

    /** Balanced accuracy of a rule for faces at level >= {@code positiveFrom} against level 0. */
    private static double balanced(List<Answer> answers, int positiveFrom, java.util.function.Predicate<Answer> rule) {
        int tp = 0, fn = 0, tn = 0, fp = 0;
        for (Answer a : answers) {
            boolean called = rule.test(a);
            if (a.level() >= positiveFrom) {
                if (called) { tp++; } else { fn++; }
            } else if (a.level() == 0) {
                if (called) { fp++; } else { tn++; }
            }
        }
        return (tp / (double) Math.max(1, tp + fn) + tn / (double) Math.max(1, tn + fp)) / 2;
    }
}
