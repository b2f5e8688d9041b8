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
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.FaceDetail;
import io.facegate.attributes.Heads;
import io.facegate.attributes.Measurements;
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
 * Trains the attribute heads on celeba-dev and measures every ALL attribute against its labels. Usage:
 * {@code AttributeEval FOLDER [--train HEADS_JSON]}; {@code bin/train-attributes} and {@code bin/eval-attributes}
 * wrap it. Images split by row number: rows ≡ 0, 1, 2 (mod 5) train the heads, ≡ 3 fit the Platt calibration, ≡ 4
 * are held out; every figure printed is on the held-out rows, through the service's own decision code
 * ({@link FaceAnalyzer#describe}). Without {@code --train} the heads are the ones on the classpath.
 */
public final class AttributeEval {

    /** A labelled, measured face. */
    private record Sample(int row, Map<String, Integer> labels, FaceDetail base, RgbImage image, Measurements m,
                          double gearMale, double gearAge) {
    }

    /** Human's gear age-bin centres. */
    private static final double[] GEAR_AGES = {15, 23, 28, 35.5, 45.5, 55.5, 65};
    private static final int THREADS = Integer.getInteger("facegate.eval.threads", 3);

    private AttributeEval() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AttributeEval FOLDER [--train HEADS_JSON]");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Path tsv = folder.resolve("attributes.tsv");
        if (!Files.isRegularFile(tsv)) {
            System.out.println("skipped: no " + tsv + " (evaluation data is not present on this machine)");
            return;
        }
        Path trainOut = args.length >= 3 && args[1].equals("--train") ? Path.of(args[2]) : null;
        FacegateConfig config = ConfigLoader.load(null, Path.of("appliance/target/models"));
        ImageDecoder decoder = new ImageDecoder(1, config.images().maxPixels());
        List<String> lines = Files.readAllLines(tsv);
        List<String> header = Arrays.asList(lines.getFirst().split("\t"));
        try (ModelRegistry models = ModelRegistry.load(new FacegateConfig.Models(config.models().dir(),
                config.models().detector(), config.models().nearDetector(), config.models().intraOpThreads(),
                config.models().precision(), config.models().int8Variant(), true));
             // gear is not part of the service: loaded alone (as a registry's only model) to compare with faceres.
             ModelRegistry gear = ModelRegistry.load(config.models().dir(), "gear", java.util.Optional.empty(),
                     config.models().intraOpThreads(), "fp32")) {
            FaceDetector detector = new FaceDetector(new BlazeFace(models.detector()),
                    models.nearDetector().map(BlazeFace::new), config.detector());
            FaceAnalyzer analyzer = new FaceAnalyzer(models.attributeModels().orElseThrow(),
                    trainOut == null ? Heads.load() : new Heads(Map.of(), 0, 0));
            java.util.concurrent.atomic.AtomicInteger atThreshold = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            long start = System.nanoTime();
            // Rows are measured on a few threads (the models are safe to share); order does not matter.
            java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(THREADS);
            List<Sample> samples = pool.submit(() -> java.util.stream.IntStream.range(1, lines.size()).parallel()
                    .mapToObj(row -> {
                        String[] cols = lines.get(row).split("\t");
                        RgbImage image;
                        try {
                            image = decoder.decode(Files.readAllBytes(folder.resolve(cols[0])));
                        } catch (Exception e) {
                            throw new IllegalStateException(cols[0] + ": " + e.getMessage(), e);
                        }
                        List<Detection> faces = detector.detect(image);
                        if (!faces.isEmpty()) {
                            atThreshold.incrementAndGet();
                        } else {
                            faces = detector.detectAll(image);
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
                        Map<String, float[]> g = gear.detector().run(
                                FaceAnalyzer.gearInput(d, image, gear.detector().inputSize()));
                        double gearAge = 0;
                        for (int i = 0; i < GEAR_AGES.length; i++) {
                            gearAge += g.get("age")[i] * GEAR_AGES[i];
                        }
                        return new Sample(row - 1, labels, DefaultAttributes.of(d, image), image, m,
                                g.get("gender")[0], gearAge);
                    }).filter(java.util.Objects::nonNull).toList()).get();
            pool.shutdown();
            int found = samples.size();
            System.out.printf(Locale.ROOT, "%d images: a face at the service threshold in %d, at any score in %d "
                    + "(%.0f ms per image and thread, all models)%n", lines.size() - 1, atThreshold.get(), found,
                    (System.nanoTime() - start) / 1e6 / (lines.size() - 1) * THREADS);
            if (trainOut != null) {
                Heads heads = train(samples, trainOut);
                analyzer.heads(heads);
            }
            report(samples, analyzer);
        }
    }

    private static Heads train(List<Sample> samples, Path out) throws IOException {
        List<Sample> train = samples.stream().filter(s -> s.row() % 5 <= 2).toList();
        List<Sample> calib = samples.stream().filter(s -> s.row() % 5 == 3).toList();
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("trainedOn", "../shared/eval/celeba-dev rows = 0, 1, 2 (mod 5); Platt calibration on rows = 3 (mod 5)");
        root.put("terms", "trained on CelebA (non-commercial research use only): these heads inherit those terms");
        root.put("command", "bin/train-attributes");
        ObjectNode heads = root.putObject("heads");
        head(heads, "smile", List.of("happy", "cornerLift", "mouthWidth", "lipGap"), train, calib,
                s -> s.labels().get("Smiling") == 1);
        head(heads, "mouthOpen", List.of("lipGap"), train, calib, s -> s.labels().get("Mouth_Slightly_Open") == 1);
        head(heads, "gender", List.of("male"), train, calib, s -> s.labels().get("Male") == 1);
        head(heads, "eyeglasses", List.of("descriptor"), train, calib, s -> s.labels().get("Eyeglasses") == 1);
        head(heads, "beard", List.of("descriptor"), train, calib, s -> s.labels().get("No_Beard") == 0);
        head(heads, "mustache", List.of("descriptor"), train, calib, s -> s.labels().get("Mustache") == 1);
        // No eyes-open label exists: closed is set at half the median opening of the training faces (nearly all
        // CelebA portraits have open eyes); the median face gets 99 %. Not calibrated.
        double[] opening = train.stream().mapToDouble(s -> s.m().scalar("eyeOpening")).sorted().toArray();
        double median = opening[opening.length / 2];
        double threshold = median / 2;
        ObjectNode eyes = heads.putObject("eyesOpen");
        eyes.set("features", json.valueToTree(List.of("eyeOpening")));
        eyes.set("mean", json.valueToTree(new double[] {threshold}));
        eyes.set("scale", json.valueToTree(new double[] {median - threshold}));
        eyes.set("weights", json.valueToTree(new double[] {1}));
        eyes.put("bias", 0.0);
        eyes.set("platt", json.valueToTree(new double[] {Math.log(99), 0}));
        eyes.put("note", "threshold = half the median eye opening on the training rows; no label, not calibrated");
        // Young -> AgeRange.High <= 35: the offset added to faceres' age is the one that best separates Young on the
        // training rows; the range is +-5 years around it.
        double halfWidth = 5;
        double bestOffset = 0;
        double best = -1;
        for (double offset = -20; offset <= 20; offset += 0.5) {
            double o = offset;
            double acc = balanced(train, s -> s.labels().get("Young") == 1,
                    s -> Math.round(s.m().age() + o + halfWidth) <= 35);
            if (acc > best) {
                best = acc;
                bestOffset = offset;
            }
        }
        root.putObject("age").put("halfWidth", halfWidth).put("offset", bestOffset);
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
        System.out.println("wrote " + out);
        return Heads.read(json.readTree(out.toFile()));
    }

    private static void head(ObjectNode heads, String name, List<String> features, List<Sample> train,
                             List<Sample> calib, Predicate<Sample> label) {
        double[][] x = train.stream().map(s -> s.m().features(features)).toArray(double[][]::new);
        boolean[] y = new boolean[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = label.test(train.get(i));
        }
        double bestAcc = -1;
        Logistic.Model best = null;
        for (double lambda : new double[] {1e-3, 1e-2, 1e-1}) {
            Logistic.Model model = Logistic.fit(x, y, lambda);
            double acc = balanced(calib, label, s -> model.score(s.m().features(features)) > 0);
            if (acc > bestAcc) {
                bestAcc = acc;
                best = model;
            }
        }
        Logistic.Model chosen = best;
        double[] scores = calib.stream().mapToDouble(s -> chosen.score(s.m().features(features))).toArray();
        boolean[] truth = new boolean[scores.length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = label.test(calib.get(i));
        }
        double[] platt = Logistic.platt(scores, truth);
        ObjectMapper json = new ObjectMapper();
        ObjectNode h = heads.putObject(name);
        h.set("features", json.valueToTree(features));
        // Standardisation folded into the weights keeps the file small: w' = w / scale, b' = b - sum(w' * mean).
        float[] folded = new float[features.contains("descriptor") ? chosen.weights().length : 0];
        double bias = chosen.bias();
        double[] weights = new double[chosen.weights().length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = chosen.weights()[i] / chosen.scale()[i];
            bias -= weights[i] * chosen.mean()[i];
        }
        if (folded.length > 0) {
            for (int i = 0; i < weights.length; i++) {
                folded[i] = (float) weights[i];
            }
            h.set("weights", json.valueToTree(folded));
        } else {
            h.set("weights", json.valueToTree(weights));
        }
        h.put("bias", bias);
        h.put("lambda", chosen.lambda());
        h.set("platt", json.valueToTree(platt));
    }

    private static void report(List<Sample> samples, FaceAnalyzer analyzer) {
        List<Sample> test = samples.stream().filter(s -> s.row() % 5 == 4).toList();
        List<FaceDetail> details = new ArrayList<>();
        for (Sample s : test) {
            details.add(analyzer.describe(s.base(), s.image(), EnumSet.allOf(Member.class), true, s.m()));
        }
        System.out.printf(Locale.ROOT, "held-out rows (= 4 mod 5): %d faces%n", test.size());
        System.out.println("attribute      label                       balanced-acc  positives  calibration (confidence band: mean confidence / % right, n)");
        line("Smile", "Smiling", test, details, f -> f.smile().get());
        line("Gender", "Male", test, details, f -> new FaceDetail.Flag(f.gender().get().value().equals("Male"),
                f.gender().get().confidence()));
        line("Eyeglasses|Sun", "Eyeglasses", test, details, f -> new FaceDetail.Flag(
                f.eyeglasses().get().value() || f.sunglasses().get().value(), f.eyeglasses().get().confidence()));
        line("Mustache", "Mustache", test, details, f -> f.mustache().get());
        line("Beard", "No_Beard==0", test, details, f -> f.beard().get());
        line("MouthOpen", "Mouth_Slightly_Open", test, details, f -> f.mouthOpen().get());
        line("AgeRange", "Young (High<=35)", test, details, f -> new FaceDetail.Flag(f.ageRange().get().high() <= 35, 100));
        compareAgeAndGender(samples, test);
        long open = details.stream().filter(f -> f.eyesOpen().get().value()).count();
        System.out.printf(Locale.ROOT, "EyesOpen: %d of %d held-out faces open (no label in CelebA)%n", open, details.size());
        long occluded = details.stream().filter(f -> f.faceOccluded().get().value()).count();
        System.out.printf(Locale.ROOT, "FaceOccluded: %d of %d held-out faces (no label in CelebA)%n", occluded,
                details.size());
    }

    /**
     * faceres vs gear without any head: Gender by the raw decision (faceres sigmoid > 0.5, gear male > female),
     * Young by mean age + offset + 5 <= 35 with the offset fitted on the training rows for each model.
     */
    private static void compareAgeAndGender(List<Sample> samples, List<Sample> test) {
        List<Sample> train = samples.stream().filter(s -> s.row() % 5 <= 2).toList();
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

    private static void line(String attribute, String label, List<Sample> test, List<FaceDetail> details,
                             java.util.function.Function<FaceDetail, FaceDetail.Flag> flag) {
        int tp = 0, fn = 0, tn = 0, fp = 0;
        int[] n = new int[5];
        double[] conf = new double[5];
        int[] right = new int[5];
        for (int i = 0; i < test.size(); i++) {
            Map<String, Integer> l = test.get(i).labels();
            boolean truth = switch (label) {
                case "No_Beard==0" -> l.get("No_Beard") == 0;
                case "Young (High<=35)" -> l.get("Young") == 1;
                default -> l.get(label) == 1;
            };
            FaceDetail.Flag f = flag.apply(details.get(i));
            if (truth) {
                if (f.value()) { tp++; } else { fn++; }
            } else {
                if (f.value()) { fp++; } else { tn++; }
            }
            int band = Math.min(4, Math.max(0, (int) ((f.confidence() - 50) / 10)));
            n[band]++;
            conf[band] += f.confidence();
            right[band] += f.value() == truth ? 1 : 0;
        }
        double bal = (tp / (double) Math.max(1, tp + fn) + tn / (double) Math.max(1, tn + fp)) / 2;
        StringBuilder cal = new StringBuilder();
        for (int b = 0; b < 5; b++) {
            if (n[b] > 0) {
                cal.append(String.format(Locale.ROOT, " [%s-%d: %.0f/%.0f, %d]", b == 0 ? "0" : "" + (50 + 10 * b),
                        60 + 10 * b, conf[b] / n[b], 100.0 * right[b] / n[b], n[b]));
            }
        }
        System.out.printf(Locale.ROOT, "%-14s %-27s %.3f         %4d%s%n", attribute, label, bal, tp + fn, cal);
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
