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
                    trainOut == null ? Heads.load() : new Heads(Map.of(), Heads.AGE_HALF_WIDTH));
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
            if (dumpOut != null) {
                dump(samples, dumpOut);
            }
            if (trainOut != null) {
                Heads heads = train(samples, trainOut);
                analyzer.heads(heads);
            }
            report(samples, analyzer);
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
                "cornerLift", "mouthWidth", "lipGap", "eyeOpening", "eyeDarkness", "upperLipDarkness", "teeth");
        List<String> vectors = List.of("upperLip", "descriptor");
        try (var w = Files.newBufferedWriter(out)) {
            w.write("row\t" + String.join("\t", labels) + "\t" + String.join("\t", scalars) + "\t"
                    + String.join("\t", vectors) + "\n");
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
                w.write(line.append('\n').toString());
            }
        }
        System.out.println("wrote " + out);
    }

    /** L2 strengths tried for every head; the one with the best cross-validated balanced accuracy is kept. */
    private static final double[] LAMBDAS = {1e-3, 1e-2, 3e-2, 1e-1, 3e-1};
    /** Folds of the training rows: row mod 5 = 0, 1, 2, 3 (rows = 4 are held out and never seen here). */
    private static final int FOLDS = 4;
    /** Principal components of the descriptor a {@code descriptorComponents} head reads (see {@link Pca}). */
    private static final int DESCRIPTOR_COMPONENTS = 64;

    private static Heads train(List<Sample> samples, Path out) throws IOException {
        List<Sample> train = samples.stream().filter(s -> s.row() % 5 < FOLDS).toList();
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("trainedOn", "../shared/eval/celeba-dev rows = 0, 1, 2, 3 (mod 5): L2 strength by 4-fold "
                + "cross-validation (folds = row mod 5), Platt calibration on the out-of-fold scores, final fit on "
                + "all four; rows = 4 (mod 5) are held out for the figures");
        root.put("terms", "trained on CelebA (non-commercial research use only): these heads inherit those terms");
        root.put("command", "bin/train-attributes");
        root.put("models", "features measured with the fp32 facemesh, iris, emotion and faceres; retrain if the "
                + "service runs other variants of them (e.g. int8)");
        ObjectNode heads = root.putObject("heads");
        head(heads, "smile", List.of("happy", "cornerLift", "mouthWidth", "lipGap"), false, train,
                s -> s.labels().get("Smiling") == 1);
        head(heads, "mouthOpen", List.of("lipGap"), false, train, s -> s.labels().get("Mouth_Slightly_Open") == 1);
        head(heads, "gender", List.of("male"), false, train, s -> s.labels().get("Male") == 1);
        head(heads, "eyeglasses", List.of("descriptor"), false, train, s -> s.labels().get("Eyeglasses") == 1);
        head(heads, "beard", List.of("descriptor"), false, train, s -> s.labels().get("No_Beard") == 0);
        head(heads, "mustache", List.of("upperLip", "upperLipDarkness", "male", "descriptor"), true, train,
                s -> s.labels().get("Mustache") == 1);
        // Young -> AgeRange.High <= 35 (see Heads.Age): faceres' age and gender logit; CelebA's annotators call
        // women young up to a higher faceres age than men.
        head(heads, "young", List.of("age", "male"), false, train, s -> s.labels().get("Young") == 1);
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
        root.putObject("age").put("head", "young").put("halfWidth", Heads.AGE_HALF_WIDTH)
                .put("note", "apparent age = the age where the young head's score would be 0 with the other "
                        + "features fixed, moved by the score in years (the head's own age weight): "
                        + "centre = 35.5 - halfWidth - score / |age weight|, range centre +- halfWidth");
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
        System.out.println("wrote " + out);
        return Heads.read(json.readTree(out.toFile()));
    }

    /**
     * Fits one head: per L2 strength, 4-fold cross-validation over the training rows gives out-of-fold scores; the
     * strength with the best balanced accuracy wins, Platt is fitted on its out-of-fold scores, and the head is refit
     * on all training rows. {@code components}: the descriptor enters as its leading principal components (fitted
     * inside each fold), a low-rank limit for heads with few positives; they fold back into descriptor weights.
     */
    private static void head(ObjectNode heads, String name, List<String> features, boolean components,
                             List<Sample> train, Predicate<Sample> label) {
        double[][] raw = train.stream().map(s -> s.m().features(features)).toArray(double[][]::new);
        boolean[] y = new boolean[raw.length];
        int[] fold = new int[raw.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = label.test(train.get(i));
            fold[i] = train.get(i).row() % 5;
        }
        int descriptorAt = components ? offsetOf(features, "descriptor", train.getFirst().m()) : -1;
        double[][] oof = new double[LAMBDAS.length][raw.length];
        for (int f = 0; f < FOLDS; f++) {
            int k = f;
            int[] in = java.util.stream.IntStream.range(0, raw.length).filter(i -> fold[i] != k).toArray();
            int[] out = java.util.stream.IntStream.range(0, raw.length).filter(i -> fold[i] == k).toArray();
            Design design = Design.fit(pick(raw, in), descriptorAt);
            double[][] xIn = design.apply(pick(raw, in));
            double[][] xOut = design.apply(pick(raw, out));
            boolean[] yIn = new boolean[in.length];
            for (int i = 0; i < in.length; i++) {
                yIn[i] = y[in[i]];
            }
            for (int l = 0; l < LAMBDAS.length; l++) {
                Logistic.Model model = Logistic.fit(xIn, yIn, LAMBDAS[l]);
                for (int i = 0; i < out.length; i++) {
                    oof[l][out[i]] = model.score(xOut[i]);
                }
            }
        }
        int best = 0;
        double bestAcc = -1;
        for (int l = 0; l < LAMBDAS.length; l++) {
            double acc = balanced(oof[l], y);
            if (acc > bestAcc) {
                bestAcc = acc;
                best = l;
            }
        }
        double[] platt = Logistic.platt(oof[best], y);
        Design design = Design.fit(raw, descriptorAt);
        Logistic.Model chosen = Logistic.fit(design.apply(raw), y, LAMBDAS[best]);
        double[] weights = design.fold(chosen, raw[0].length);
        double bias = weights[weights.length - 1];
        weights = Arrays.copyOf(weights, weights.length - 1);
        System.out.printf(Locale.ROOT, "  head %-10s lambda %g, cross-validated balanced accuracy %.3f (training rows)%n",
                name, LAMBDAS[best], bestAcc);
        ObjectMapper json = new ObjectMapper();
        ObjectNode h = heads.putObject(name);
        h.set("features", json.valueToTree(features));
        if (weights.length > 16) {
            float[] small = new float[weights.length];
            for (int i = 0; i < small.length; i++) {
                small[i] = (float) weights[i];
            }
            h.set("weights", json.valueToTree(small));
        } else {
            h.set("weights", json.valueToTree(weights));
        }
        h.put("bias", bias);
        h.put("lambda", chosen.lambda());
        if (components) {
            h.put("descriptorComponents", DESCRIPTOR_COMPONENTS);
        }
        h.put("crossValidatedBalancedAccuracy", Math.round(bestAcc * 1000) / 1000.0);
        h.set("platt", json.valueToTree(platt));
    }

    /**
     * The columns a head's logistic regression sees: the raw features, or with {@code descriptorAt >= 0} the
     * columns before it plus the descriptor's leading principal components (the descriptor must come last).
     */
    private record Design(Pca pca, int descriptorAt) {

        static Design fit(double[][] raw, int descriptorAt) {
            if (descriptorAt < 0) {
                return new Design(null, -1);
            }
            double[][] descriptors = Arrays.stream(raw).map(r -> Arrays.copyOfRange(r, descriptorAt, r.length))
                    .toArray(double[][]::new);
            return new Design(Pca.fit(descriptors, DESCRIPTOR_COMPONENTS), descriptorAt);
        }

        double[][] apply(double[][] raw) {
            if (pca == null) {
                return raw;
            }
            return Arrays.stream(raw).map(r -> {
                double[] p = pca.project(Arrays.copyOfRange(r, descriptorAt, r.length));
                double[] x = Arrays.copyOf(r, descriptorAt + p.length);
                System.arraycopy(p, 0, x, descriptorAt, p.length);
                return x;
            }).toArray(double[][]::new);
        }

        /**
         * Weights over the raw features, bias last, with the standardisation (w / scale, bias - w * mean) and the
         * projection (component weights times components, bias - that times the descriptor mean) folded in.
         */
        double[] fold(Logistic.Model m, int rawLength) {
            double[] w = new double[rawLength + 1];
            double bias = m.bias();
            for (int i = 0; i < m.weights().length; i++) {
                double wi = m.weights()[i] / m.scale()[i];
                bias -= wi * m.mean()[i];
                if (pca == null || i < descriptorAt) {
                    w[i] = wi;
                } else {
                    double[] c = pca.components()[i - descriptorAt];
                    for (int j = 0; j < c.length; j++) {
                        w[descriptorAt + j] += wi * c[j];
                        bias -= wi * c[j] * pca.mean()[j];
                    }
                }
            }
            w[rawLength] = bias;
            return w;
        }
    }

    private static int offsetOf(List<String> features, String name, Measurements m) {
        int at = features.indexOf(name);
        if (at != features.size() - 1) {
            throw new IllegalArgumentException(name + " must be the last feature");
        }
        return m.features(features.subList(0, at)).length;
    }

    private static double[][] pick(double[][] rows, int[] index) {
        double[][] out = new double[index.length][];
        for (int i = 0; i < index.length; i++) {
            out[i] = rows[index[i]];
        }
        return out;
    }

    private static double balanced(double[] score, boolean[] y) {
        int tp = 0, fn = 0, tn = 0, fp = 0;
        for (int i = 0; i < y.length; i++) {
            boolean p = score[i] > 0;
            if (y[i]) {
                if (p) { tp++; } else { fn++; }
            } else {
                if (p) { fp++; } else { tn++; }
            }
        }
        return (tp / (double) Math.max(1, tp + fn) + tn / (double) Math.max(1, tn + fp)) / 2;
    }

    private static void report(List<Sample> samples, FaceAnalyzer analyzer) {
        List<Sample> test = samples.stream().filter(s -> s.row() % 5 == 4).toList();
        List<FaceDetail> details = new ArrayList<>();
        for (Sample s : test) {
            details.add(analyzer.describe(s.base(), s.image(), EnumSet.allOf(Member.class), true, s.m()));
        }
        System.out.printf(Locale.ROOT, "held-out rows (= 4 mod 5): %d faces%n", test.size());
        System.out.println("attribute      label                       balanced-acc  positives  calibration: expected calibration error "
                + "(percentage points) [confidence band: mean confidence / % right, n]");
        line("Smile", "Smiling", test, details, f -> f.smile().get());
        line("Gender", "Male", test, details, f -> new FaceDetail.Flag(f.gender().get().value().equals("Male"),
                f.gender().get().confidence()));
        line("Eyeglasses|Sun", "Eyeglasses", test, details, f -> new FaceDetail.Flag(
                f.eyeglasses().get().value() || f.sunglasses().get().value(), f.eyeglasses().get().confidence()));
        line("Mustache", "Mustache", test, details, f -> f.mustache().get());
        line("Beard", "No_Beard==0", test, details, f -> f.beard().get());
        line("MouthOpen", "Mouth_Slightly_Open", test, details, f -> f.mouthOpen().get());
        line("AgeRange", "Young (High<=35)", test, details, f -> new FaceDetail.Flag(f.ageRange().get().high() <= 35, 100), false);
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
        List<Sample> train = samples.stream().filter(s -> s.row() % 5 < FOLDS).toList();
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
        line(attribute, label, test, details, flag, true);
    }

    private static void line(String attribute, String label, List<Sample> test, List<FaceDetail> details,
                             java.util.function.Function<FaceDetail, FaceDetail.Flag> flag, boolean calibrated) {
        int tp = 0, fn = 0, tn = 0, fp = 0;
        int[] n = new int[10];
        double[] conf = new double[10];
        int[] right = new int[10];
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
            int band = Math.min(9, Math.max(0, (int) (f.confidence() / 10)));
            n[band]++;
            conf[band] += f.confidence();
            right[band] += f.value() == truth ? 1 : 0;
        }
        double bal = (tp / (double) Math.max(1, tp + fn) + tn / (double) Math.max(1, tn + fp)) / 2;
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
        System.out.printf(Locale.ROOT, "%-14s %-27s %.3f         %4d  %s%n", attribute, label, bal, tp + fn,
                calibrated ? String.format(Locale.ROOT, "ECE %4.1f%s", ece, cal) : "(no confidence)");
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
