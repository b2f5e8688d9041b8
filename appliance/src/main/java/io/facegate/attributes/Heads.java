package io.facegate.attributes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.face.FaceAttributes;

/**
 * The trained attribute heads ({@code heads.json} beside this class, written by {@code bin/train-attributes}):
 * per attribute a logistic regression over named features (mean and scale default to 0 and 1 when the
 * standardisation is folded into the weights), decided at score 0 (trained with balanced class weights),
 * and a Platt map from score to the probability that the attribute is present, fitted on out-of-fold scores.
 */
public record Heads(Map<String, Head> heads, double ageHalfWidth, double yearsPerScore) {

    public static final String RESOURCE = "heads.json";
    /** Half the AgeRange width: ranges are 10 years wide, within Rekognition's typical 5–15. */
    public static final double AGE_HALF_WIDTH = 5;
    private static final String YOUNG = "young";
    /** The eval proxy: young means {@code High <= 35}, i.e. a centre below 35.5 minus the half width. */
    private static final double YOUNG_BELOW = 35.5;
    /** faceres' oldest age bin. */
    private static final double MAX_AGE = 99;

    /** One head. {@code score = bias + Σ weights[i]·(f[i] − mean[i]) / scale[i]}. */
    public record Head(List<String> features, double[] mean, double[] scale, double[] weights, double bias,
                       double plattA, double plattB) {

        public double score(double[] f) {
            double s = bias;
            for (int i = 0; i < f.length; i++) {
                s += weights[i] * (f[i] - mean[i]) / scale[i];
            }
            return s;
        }

        /** P(present) from the score. */
        public double probability(double score) {
            return 1 / (1 + Math.exp(-(plattA * score + plattB)));
        }

        /** Value decided at score 0; confidence is the calibrated probability of that value, 0..1. */
        public FaceAttributes.Verdict verdict(double[] f) {
            double s = score(f);
            double p = probability(s);
            return new FaceAttributes.Verdict(s > 0, s > 0 ? p : 1 - p);
        }
    }

    public static Heads load() {
        try (InputStream in = Heads.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("no " + RESOURCE + " on the classpath beside " + Heads.class.getName());
            }
            return read(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Heads read(JsonNode root) {
        Map<String, Head> heads = new LinkedHashMap<>();
        root.path("heads").fields().forEachRemaining(e -> heads.put(e.getKey(), head(e.getValue())));
        Heads read = new Heads(heads, root.path("age").path("halfWidth").asDouble(),
                root.path("age").path("yearsPerScore").asDouble());
        if (read.heads().containsKey(YOUNG) && !(read.yearsPerScore() < 0)) {
            throw new IllegalStateException(RESOURCE + ": age.yearsPerScore must be negative (a younger score is a "
                    + "lower age), not " + read.yearsPerScore());
        }
        return read;
    }

    /**
     * AgeRange from the {@code young} head (faceres' age, gender and descriptor, trained on CelebA's {@code Young},
     * whose proxy is {@code High <= 35}): the centre is {@code 35.5 − ageHalfWidth + score × yearsPerScore}, where
     * {@code yearsPerScore} is minus the ratio of the standard deviations of faceres' age and of that score over the
     * training rows. So {@code High <= 35} exactly when the head says young, and the centres spread as faceres' ages
     * do. Range: centre ± {@code ageHalfWidth}.
     */
    public FaceAttributes.AgeRange ageRange(Measurements m) {
        Head young = head(YOUNG);
        double score = young.score(m.features(young.features()));
        double centre = YOUNG_BELOW - ageHalfWidth + score * yearsPerScore;
        centre = Math.max(0, Math.min(MAX_AGE, centre));
        int low = (int) Math.round(Math.max(0, centre - ageHalfWidth));
        return new FaceAttributes.AgeRange(low, (int) Math.max(low, Math.round(centre + ageHalfWidth)));
    }

    /** One head as {@code heads.json} stores it. */
    public static Head head(JsonNode h) {
        List<String> features = new ArrayList<>();
        h.path("features").forEach(f -> features.add(f.asText()));
        double[] weights = doubles(h.path("weights"));
        double[] mean = h.has("mean") ? doubles(h.path("mean")) : new double[weights.length];
        double[] scale = h.has("scale") ? doubles(h.path("scale")) : ones(weights.length);
        return new Head(features, mean, scale, weights, h.path("bias").asDouble(), h.path("platt").get(0).asDouble(),
                h.path("platt").get(1).asDouble());
    }

    public Head head(String name) {
        Head h = heads.get(name);
        if (h == null) {
            throw new IllegalStateException(RESOURCE + " has no head '" + name + "'");
        }
        return h;
    }

    private static double[] ones(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1);
        return v;
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}
