package io.facegate.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.Heads;
import io.facegate.attributes.Measurements;
import io.facegate.attributes.Member;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.decode.RgbImage;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.Detection;
import io.facegate.detect.DetectionProfile;
import io.facegate.detect.FaceDetector;
import io.facegate.face.Face;
import io.facegate.face.FaceAttributes.Gender;
import io.facegate.face.FaceAttributes.Verdict;
import io.facegate.model.ModelRegistry;

/**
 * Trains the attribute heads on celeba-dev and measures every ALL attribute against its labels. Usage:
 * {@code AttributeEval FOLDER [--train HEADS_JSON] [--dump FEATURES_TSV]}; {@code bin/train-attributes} and
 * {@code bin/eval-attributes} wrap it. Images split by row number: rows ≡ 0, 1, 2, 3 (mod 5) train the heads (4-fold
 * cross-validation by row mod 5 picks the L2 strength and gives the out-of-fold scores Platt is fitted on), ≡ 4 are
 * held out; every accuracy and calibration figure printed is on the held-out rows, through the service's own code
 * ({@link FaceAnalyzer#describe}). Without {@code --train} the heads are the ones on the classpath.
 */
public final class AttributeEval {

    /** A labelled, measured face. */
    record Sample(int row, Map<String, Integer> labels, Face base, RgbImage image, Measurements m,
                  double gearMale, double gearAge) {
    }

    /** Human's gear age-bin centres. */
    private static final double[] GEAR_AGES = {15, 23, 28, 35.5, 45.5, 55.5, 65};
    private static final int THREADS = Integer.getInteger("facegate.eval.threads", 3);
    /** CelebA crops are 89×109; anything far larger is not an evaluation crop. */
    private static final long MAX_PIXELS = 4_000_000;

    private AttributeEval() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AttributeEval FOLDER [--train HEADS_JSON] [--dump FEATURES_TSV]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Path tsv = folder.resolve("attributes.tsv");
        if (!Files.isRegularFile(tsv)) {
            System.out.println("skipped: no " + tsv + " (evaluation data is not present on this machine)");
            return;
        }
        Path trainOut = option(args, "--train");
        Path dumpOut = option(args, "--dump");
        FacegateConfig config = ConfigLoader.load(null, Path.of("appliance/target/models"));
        List<String> lines = Files.readAllLines(tsv);
        try (ModelRegistry models = ModelRegistry.load(new FacegateConfig.Models(config.models().dir(),
                config.models().detector(), config.models().nearDetector(), config.models().intraOpThreads(),
                config.models().precision(), config.models().int8Variant(), true));
             // gear is not part of the service: loaded alone (as a registry's only model) to compare with faceres.
             ModelRegistry gear = ModelRegistry.load(config.models().dir(), "gear", Optional.empty(),
                     config.models().intraOpThreads(), "fp32")) {
            FaceDetector detector = new FaceDetector(new BlazeFace(models.detector()),
                    models.nearDetector().map(BlazeFace::new));
            DetectionProfile profile = DetectionProfile.of(config.detector());
            FaceAnalyzer analyzer = new FaceAnalyzer(models.attributeModels().orElseThrow(),
                    trainOut == null ? Heads.load() : new Heads(Map.of(), Heads.AGE_HALF_WIDTH, -1));
            Measured measured = measure(folder, lines, detector, profile, analyzer, Optional.of(gear), row -> true,
                    THREADS);
            List<Sample> samples = measured.samples();
            System.out.printf(Locale.ROOT, "%d images: a face at the service threshold in %d, at any score in %d "
                    + "(%.0f ms per image and thread, all models)%n", lines.size() - 1, measured.atThreshold(),
                    samples.size(), measured.millisPerImage());
            if (dumpOut != null) {
                dump(samples, dumpOut);
            }
            if (trainOut != null) {
                Heads heads = HeadTrainer.train(samples, trainOut);
                analyzer.heads(heads);
            }
            report(samples, analyzer, crossValidated(trainOut));
        }
    }

    /** The faces measured, how many images had a face at the service threshold, and the time per image and thread. */
    record Measured(List<Sample> samples, int atThreshold, double millisPerImage) {
    }

    /**
     * Detects and measures the data rows (0-based, after the header) {@code take} accepts, with every attribute model
     * and, when given, gear; an image without a face at the service threshold uses the best face at any score.
     */
    static Measured measure(Path folder, List<String> lines, FaceDetector detector, DetectionProfile profile,
                            FaceAnalyzer analyzer,
                            Optional<ModelRegistry> gear, java.util.function.IntPredicate take, int threads)
            throws Exception {
        List<String> header = Arrays.asList(lines.getFirst().split("\t"));
        ImageDecoder decoder = new ImageDecoder(1, MAX_PIXELS);
        java.util.concurrent.atomic.AtomicInteger atThreshold = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        int[] rows = java.util.stream.IntStream.range(0, lines.size() - 1).filter(take).toArray();
        // Rows are measured on a few threads (the models are safe to share); order does not matter.
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try {
            List<Sample> samples = pool.submit(() -> java.util.Arrays.stream(rows).parallel().mapToObj(row -> {
                String[] cols = lines.get(row + 1).split("\t");
                RgbImage image;
                try {
                    image = decoder.decode(Files.readAllBytes(folder.resolve(cols[0])));
                } catch (Exception e) {
                    throw new IllegalStateException(cols[0] + ": " + e.getMessage(), e);
                }
                List<Detection> faces = detector.detect(image, profile);
                if (!faces.isEmpty()) {
                    atThreshold.incrementAndGet();
                } else {
                    faces = detector.detectAll(image, profile);
                }
                if (done.incrementAndGet() % 500 == 0) {
                    System.out.printf(Locale.ROOT, "  %d images%n", done.get());
                }
                if (faces.isEmpty()) {
                    return null;
                }
                Detection d = faces.getFirst();
                Map<String, Integer> labels = new LinkedHashMap<>();
                for (int c = 3; c < cols.length; c++) {
                    labels.put(header.get(c), Integer.parseInt(cols[c].trim()));
                }
                Measurements m = analyzer.measure(d, image, new FaceAnalyzer.Needs(true, true, true, true));
                double gearMale = Double.NaN;
                double gearAge = Double.NaN;
                if (gear.isPresent()) {
                    Map<String, float[]> g = gear.get().detector().run(
                            FaceAnalyzer.gearInput(d, image, gear.get().detector().inputSize()));
                    gearAge = 0;
                    for (int i = 0; i < GEAR_AGES.length; i++) {
                        gearAge += g.get("age")[i] * GEAR_AGES[i];
                    }
                    gearMale = g.get("gender")[0];
                }
                return new Sample(row, labels, DefaultAttributes.of(d, image), image, m, gearMale, gearAge);
            }).filter(java.util.Objects::nonNull).toList()).get();
            return new Measured(samples, atThreshold.get(),
                    (System.nanoTime() - start) / 1e6 / Math.max(1, rows.length) * threads);
        } finally {
            pool.shutdown();
        }
    }

    private static Path option(String[] args, String name) {
        for (int i = 1; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Path.of(args[i + 1]);
            }
        }
        return null;
    }

    /** Labels and every measured feature per face, tab-separated, for analysis outside the tool (never commit it). */
    private static void dump(List<Sample> samples, Path out) throws IOException {
        List<String> labels = List.of("Smiling", "Male", "Eyeglasses", "Mustache", "No_Beard", "Mouth_Slightly_Open",
                "Young");
        List<String> scalars = List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral", "male", "age",
                "cornerLift", "mouthWidth", "lipGap", "eyeOpening", "eyeDarkness", "upperLipDarkness");
        List<String> vectors = List.of("upperLip", "descriptor");
        try (var w = Files.newBufferedWriter(out)) {
            w.write("row\t" + String.join("\t", labels) + "\t" + String.join("\t", scalars) + "\t"
                    + String.join("\t", vectors) + "\tmesh\n");
            for (Sample s : samples) {
                StringBuilder line = new StringBuilder().append(s.row());
                labels.forEach(l -> line.append('\t').append(s.labels().get(l)));
                for (double v : s.m().features(scalars)) {
                    line.append('\t').append((float) v);
                }
                for (String v : vectors) {
                    line.append('\t');
                    double[] f = s.m().features(List.of(v));
                    for (int i = 0; i < f.length; i++) {
                        line.append(i == 0 ? "" : ",").append((float) f[i]);
                    }
                }
                line.append('\t');
                double[][] mesh = s.m().meshPoints();
                for (int i = 0; i < mesh.length; i++) {
                    line.append(i == 0 ? "" : ",").append((float) mesh[i][0]).append(',').append((float) mesh[i][1])
                            .append(',').append((float) mesh[i][2]);
                }
                w.write(line.append('\n').toString());
            }
        }
        System.out.println("wrote " + out);
    }

    /** Each head's cross-validated balanced accuracy on the training rows, as {@code heads.json} records it. */
    private static Map<String, Double> crossValidated(Path trained) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode root;
        if (trained != null) {
            root = json.readTree(trained.toFile());
        } else {
            try (var in = Heads.class.getResourceAsStream(Heads.RESOURCE)) {
                root = json.readTree(in);
            }
        }
        Map<String, Double> cv = new LinkedHashMap<>();
        root.path("heads").fields().forEachRemaining(e -> {
            if (e.getValue().has("crossValidatedBalancedAccuracy")) {
                cv.put(e.getKey(), e.getValue().path("crossValidatedBalancedAccuracy").asDouble());
            }
        });
        return cv;
    }

    /**
     * One scored attribute: the CelebA label it is checked against (the eval README's mapping), the service's answer
     * read from an ALL response (confidence 0..1), and the head whose cross-validated figure is printed beside it.
     */
    record Check(String attribute, String label, Predicate<Map<String, Integer>> truth,
                 java.util.function.Function<Face, Verdict> answer, String head, boolean calibrated) {
    }

    static final List<Check> CHECKS = List.of(
            new Check("Smile", "Smiling", l -> l.get("Smiling") == 1, f -> f.attributes().smile().get(), "smile", true),
            new Check("Gender", "Male", l -> l.get("Male") == 1, f -> new Verdict(
                    f.attributes().gender().get().value() == Gender.Value.MALE,
                    f.attributes().gender().get().confidence()), "gender", true),
            new Check("Eyeglasses|Sun", "Eyeglasses", l -> l.get("Eyeglasses") == 1, f -> new Verdict(
                    f.attributes().eyeglasses().get().value() || f.attributes().sunglasses().get().value(),
                    f.attributes().eyeglasses().get().confidence()), "eyeglasses", true),
            new Check("Mustache", "Mustache", l -> l.get("Mustache") == 1, f -> f.attributes().mustache().get(),
                    "mustache", true),
            new Check("Beard", "No_Beard==0", l -> l.get("No_Beard") == 0, f -> f.attributes().beard().get(), "beard",
                    true),
            new Check("MouthOpen", "Mouth_Slightly_Open", l -> l.get("Mouth_Slightly_Open") == 1,
                    f -> f.attributes().mouthOpen().get(), "mouthOpen", true),
            new Check("AgeRange", "Young (High<=35)", l -> l.get("Young") == 1,
                    f -> new Verdict(f.attributes().ageRange().get().high() <= 35, 1), "young", false));

    /** The ALL response of every sample, through the service's own code. */
    static List<Face> describeAll(List<Sample> samples, FaceAnalyzer analyzer) {
        return samples.stream()
                .map(s -> analyzer.describe(s.base(), s.image(), EnumSet.allOf(Member.class), true, s.m())).toList();
    }

    /** Balanced accuracy of one check over samples and their ALL responses. */
    static double balancedAccuracy(Check check, List<Sample> samples, List<Face> details) {
        return confusion(check, samples, details).balanced();
    }

    private record Confusion(int tp, int fn, int tn, int fp) {

        double tpr() {
            return tp / (double) Math.max(1, tp + fn);
        }

        double tnr() {
            return tn / (double) Math.max(1, tn + fp);
        }

        double balanced() {
            return (tpr() + tnr()) / 2;
        }
    }

    private static Confusion confusion(Check check, List<Sample> samples, List<Face> details) {
        int tp = 0, fn = 0, tn = 0, fp = 0;
        for (int i = 0; i < samples.size(); i++) {
            boolean truth = check.truth().test(samples.get(i).labels());
            boolean value = check.answer().apply(details.get(i)).value();
            if (truth) {
                if (value) { tp++; } else { fn++; }
            } else {
                if (value) { fp++; } else { tn++; }
            }
        }
        return new Confusion(tp, fn, tn, fp);
    }

    private static void report(List<Sample> samples, FaceAnalyzer analyzer, Map<String, Double> cv) {
        List<Sample> test = samples.stream().filter(s -> s.row() % 5 == 4).toList();
        List<Face> details = describeAll(test, analyzer);
        System.out.printf(Locale.ROOT, "held-out rows (= 4 mod 5): %d faces%n", test.size());
        System.out.println("balanced accuracy: held-out (95 % interval from its positives and negatives) and the "
                + "head's 4-fold cross-validated figure on the training rows (from heads.json)");
        System.out.println("attribute      label                       held-out  95 % interval  cross-val  positives  "
                + "calibration: expected calibration error (percentage points) [confidence band: mean confidence / "
                + "% right, n]");
        for (Check check : CHECKS) {
            line(check, test, details, cv.get(check.head()));
        }
        compareAgeAndGender(samples, test);
        long open = details.stream().filter(f -> f.attributes().eyesOpen().get().value()).count();
        System.out.printf(Locale.ROOT, "EyesOpen: %d of %d held-out faces open (no label in CelebA)%n", open, details.size());
        long occluded = details.stream().filter(f -> f.attributes().faceOccluded().get().value()).count();
        System.out.printf(Locale.ROOT, "FaceOccluded: %d of %d held-out faces (no label in CelebA)%n", occluded,
                details.size());
    }

    /**
     * faceres vs gear without any head: Gender by the raw decision (faceres sigmoid > 0.5, gear male > female),
     * Young by mean age + offset + 5 <= 35 with the offset fitted on the training rows for each model.
     */
    private static void compareAgeAndGender(List<Sample> samples, List<Sample> test) {
        List<Sample> train = samples.stream().filter(s -> s.row() % 5 < HeadTrainer.FOLDS).toList();
        Predicate<Sample> male = s -> s.labels().get("Male") == 1;
        Predicate<Sample> young = s -> s.labels().get("Young") == 1;
        System.out.printf(Locale.ROOT, "model comparison (held-out, no heads): Gender faceres %.3f, gear %.3f; "
                        + "Young faceres %.3f, gear %.3f%n",
                balanced(test, male, s -> s.m().male() > 0.5), balanced(test, male, s -> s.gearMale() > 0.5),
                youngAccuracy(train, test, young, Sample::m), youngAccuracy(train, test, young, null));
    }

    private static double youngAccuracy(List<Sample> train, List<Sample> test, Predicate<Sample> young,
                                        java.util.function.Function<Sample, Measurements> faceres) {
        java.util.function.ToDoubleFunction<Sample> age = faceres != null ? s -> s.m().age() : Sample::gearAge;
        double bestOffset = 0;
        double best = -1;
        for (double offset = -20; offset <= 20; offset += 0.5) {
            double o = offset;
            double acc = balanced(train, young, s -> Math.round(age.applyAsDouble(s) + o + 5) <= 35);
            if (acc > best) {
                best = acc;
                bestOffset = offset;
            }
        }
        double o = bestOffset;
        return balanced(test, young, s -> Math.round(age.applyAsDouble(s) + o + 5) <= 35);
    }

    private static void line(Check check, List<Sample> test, List<Face> details, Double crossValidated) {
        int[] n = new int[10];
        double[] conf = new double[10];
        int[] right = new int[10];
        for (int i = 0; i < test.size(); i++) {
            boolean truth = check.truth().test(test.get(i).labels());
            Verdict f = check.answer().apply(details.get(i));
            double percent = 100 * f.confidence();
            int band = Math.min(9, Math.max(0, (int) (percent / 10)));
            n[band]++;
            conf[band] += percent;
            right[band] += f.value() == truth ? 1 : 0;
        }
        Confusion c = confusion(check, test, details);
        double tpr = c.tpr();
        double tnr = c.tnr();
        double bal = c.balanced();
        // Normal approximation: the two rates are independent binomial proportions, each weighing one half.
        double half = 1.96 * Math.sqrt(tpr * (1 - tpr) / Math.max(1, c.tp() + c.fn())
                + tnr * (1 - tnr) / Math.max(1, c.tn() + c.fp())) / 2;
        StringBuilder cal = new StringBuilder();
        // Expected calibration error: the gap between mean confidence and % right, per band, weighted by its faces.
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            if (n[b] > 0) {
                ece += Math.abs(conf[b] / n[b] - 100.0 * right[b] / n[b]) * n[b] / test.size();
                cal.append(String.format(Locale.ROOT, " [%d-%d: %.0f/%.0f, %d]", 10 * b, 10 * b + 10,
                        conf[b] / n[b], 100.0 * right[b] / n[b], n[b]));
            }
        }
        String cv = crossValidated == null ? "-" : String.format(Locale.ROOT, "%.3f", crossValidated);
        String calibration = check.calibrated() ? String.format(Locale.ROOT, "ECE %4.1f%s", ece, cal) : "(no confidence)";
        System.out.printf(Locale.ROOT, "%-14s %-27s %.3f     %.3f-%.3f    %-9s  %4d       %s%n", check.attribute(),
                check.label(), bal, bal - half, Math.min(1, bal + half), cv, c.tp() + c.fn(), calibration);
    }

    private static double balanced(List<Sample> samples, Predicate<Sample> label, Predicate<Sample> predicted) {
        int tp = 0, fn = 0, tn = 0, fp = 0;
        for (Sample s : samples) {
            boolean t = label.test(s);
            boolean p = predicted.test(s);
            if (t) {
                if (p) { tp++; } else { fn++; }
            } else {
                if (p) { fp++; } else { tn++; }
            }
        }
        return (tp / (double) Math.max(1, tp + fn) + tn / (double) Math.max(1, tn + fp)) / 2;
    }
}
