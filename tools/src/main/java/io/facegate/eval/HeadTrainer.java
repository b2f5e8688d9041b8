package io.facegate.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.facegate.attributes.Heads;
import io.facegate.attributes.Measurements;
import io.facegate.eval.AttributeEval.Sample;

/**
 * Fits the attribute heads on celeba-dev's training rows (≡ 0..3 mod 5) and writes {@code heads.json}: per head an L2
 * logistic regression with class-balanced weights, its strength chosen by 4-fold cross-validation (fold = row mod 5),
 * Platt calibration on the out-of-fold scores, and a final fit on all training rows. Rows ≡ 4 are never read here.
 */
final class HeadTrainer {

    /** L2 strengths tried for every head; the one with the best cross-validated balanced accuracy is kept. */
    private static final double[] LAMBDAS = {1e-3, 1e-2, 3e-2, 1e-1, 3e-1};
    /** Folds of the training rows: row mod 5 = 0, 1, 2, 3 (rows = 4 are held out and never seen here). */
    static final int FOLDS = 4;

    private HeadTrainer() {
    }

    static Heads train(List<Sample> samples, Path out) throws IOException {
        List<Sample> train = samples.stream().filter(s -> s.row() % 5 < FOLDS).toList();
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("trainedOn", "../shared/eval/celeba-dev rows = 0, 1, 2, 3 (mod 5): L2 strength by 4-fold "
                + "cross-validation (folds = row mod 5), Platt calibration on the out-of-fold scores, final fit on "
                + "all four; rows = 4 (mod 5) are held out for the figures");
        root.put("terms", "trained on CelebA (non-commercial research use only): these heads inherit those terms");
        root.put("command", "bin/train-attributes");
        root.put("models", "features measured with the fp32 facemesh, iris, emotion and faceres (bin/train-attributes "
                + "forces models.precision fp32); the service's int8 variants are measured with these heads in README, "
                + "Attributes (ALL)");
        ObjectNode heads = root.putObject("heads");
        // A trailing vector feature enters as its leading principal components (the last argument; 0 = as is). The
        // feature sets and component counts were chosen by cross-validated balanced accuracy on the training rows.
        head(heads, "smile", List.of("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral", "cornerLift",
                "mouthWidth", "lipGap", "descriptor"), 64, train, s -> s.labels().get("Smiling") == 1);
        head(heads, "mouthOpen", List.of("cornerLift", "mouthWidth", "lipGap", "shape"), 32, train,
                s -> s.labels().get("Mouth_Slightly_Open") == 1);
        head(heads, "gender", List.of("male"), 0, train, s -> s.labels().get("Male") == 1);
        head(heads, "eyeglasses", List.of("descriptor"), 0, train, s -> s.labels().get("Eyeglasses") == 1);
        head(heads, "beard", List.of("descriptor"), 0, train, s -> s.labels().get("No_Beard") == 0);
        head(heads, "mustache", List.of("upperLip", "upperLipDarkness", "male", "descriptor"), 64, train,
                s -> s.labels().get("Mustache") == 1);
        // Young -> AgeRange.High <= 35 (see Heads#ageRange): faceres' age, its gender logit (CelebA's annotators call
        // women young up to a higher faceres age than men) and the descriptor.
        head(heads, "young", List.of("age", "male", "descriptor"), 128, train, s -> s.labels().get("Young") == 1);
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
        Heads.Head young = Heads.head(heads.path("young"));
        double[] score = train.stream().mapToDouble(s -> young.score(s.m().features(young.features()))).toArray();
        double[] age = train.stream().mapToDouble(s -> s.m().age()).toArray();
        root.putObject("age").put("head", "young").put("halfWidth", Heads.AGE_HALF_WIDTH)
                .put("yearsPerScore", yearsPerScore(score, age))
                .put("note", "centre = 35.5 - halfWidth + young score * yearsPerScore, range centre +- halfWidth; "
                        + "yearsPerScore = -(standard deviation of faceres' age / that of the young score) over the "
                        + "training rows, so centres spread as faceres' ages do; High <= 35 exactly when the head "
                        + "says young");
        Files.createDirectories(out.toAbsolutePath().getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), root);
        System.out.println("wrote " + out);
        return Heads.read(json.readTree(out.toFile()));
    }

    /**
     * Fits one head: per L2 strength, 4-fold cross-validation over the training rows gives out-of-fold scores; the
     * strength with the best balanced accuracy wins, Platt is fitted on its out-of-fold scores, and the head is refit
     * on all training rows. {@code components > 0}: the last feature, a vector, enters as its leading principal
     * components (fitted inside each fold), a low-rank limit; they fold back into weights over that vector.
     */
    private static void head(ObjectNode heads, String name, List<String> features, int components,
                             List<Sample> train, Predicate<Sample> label) {
        double[][] raw = train.stream().map(s -> s.m().features(features)).toArray(double[][]::new);
        boolean[] y = new boolean[raw.length];
        int[] fold = new int[raw.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = label.test(train.get(i));
            fold[i] = train.get(i).row() % 5;
        }
        int vectorAt = components > 0 ? offsetOfLast(features, train.getFirst().m()) : -1;
        double[][] oof = new double[LAMBDAS.length][raw.length];
        for (int f = 0; f < FOLDS; f++) {
            int k = f;
            int[] in = java.util.stream.IntStream.range(0, raw.length).filter(i -> fold[i] != k).toArray();
            int[] out = java.util.stream.IntStream.range(0, raw.length).filter(i -> fold[i] == k).toArray();
            Design design = Design.fit(pick(raw, in), vectorAt, components);
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
        Design design = Design.fit(raw, vectorAt, components);
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
        if (components > 0) {
            h.put("components", components);
        }
        h.put("crossValidatedBalancedAccuracy", Math.round(bestAcc * 1000) / 1000.0);
        h.set("platt", json.valueToTree(platt));
    }

    /**
     * The columns a head's logistic regression sees: the raw features, or with {@code vectorAt >= 0} the columns
     * before it plus the trailing vector's leading principal components.
     */
    private record Design(Pca pca, int vectorAt) {

        static Design fit(double[][] raw, int vectorAt, int components) {
            if (vectorAt < 0) {
                return new Design(null, -1);
            }
            double[][] vectors = Arrays.stream(raw).map(r -> Arrays.copyOfRange(r, vectorAt, r.length))
                    .toArray(double[][]::new);
            return new Design(Pca.fit(vectors, components), vectorAt);
        }

        double[][] apply(double[][] raw) {
            if (pca == null) {
                return raw;
            }
            return Arrays.stream(raw).map(r -> {
                double[] p = pca.project(Arrays.copyOfRange(r, vectorAt, r.length));
                double[] x = Arrays.copyOf(r, vectorAt + p.length);
                System.arraycopy(p, 0, x, vectorAt, p.length);
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
                if (pca == null || i < vectorAt) {
                    w[i] = wi;
                } else {
                    double[] c = pca.components()[i - vectorAt];
                    for (int j = 0; j < c.length; j++) {
                        w[vectorAt + j] += wi * c[j];
                        bias -= wi * c[j] * pca.mean()[j];
                    }
                }
            }
            w[rawLength] = bias;
            return w;
        }
    }

    /**
     * Years per unit of young-head score: minus the ratio of the standard deviations of faceres' age and of the score,
     * so the AgeRange centres spread as faceres' ages do (a least-squares slope would shrink them towards the middle).
     */
    private static double yearsPerScore(double[] score, double[] age) {
        return -standardDeviation(age) / standardDeviation(score);
    }

    private static double standardDeviation(double[] v) {
        double mean = Arrays.stream(v).average().orElseThrow();
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
    }

    private static int offsetOfLast(List<String> features, Measurements m) {
        if (!Measurements.VECTORS.contains(features.getLast())) {
            throw new IllegalArgumentException("principal components need a vector feature last: " + features);
        }
        return m.features(features.subList(0, features.size() - 1)).length;
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
}
