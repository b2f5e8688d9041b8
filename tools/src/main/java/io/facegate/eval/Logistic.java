package io.facegate.eval;

/**
 * L2-regularised logistic regression on standardised features, fitted by full-batch gradient descent with
 * class-balanced weights (each class carries half the loss), and Platt's one-feature calibration.
 */
final class Logistic {

    record Model(double[] mean, double[] scale, double[] weights, double bias, double lambda) {

        double score(double[] f) {
            double s = bias;
            for (int i = 0; i < f.length; i++) {
                s += weights[i] * (f[i] - mean[i]) / scale[i];
            }
            return s;
        }
    }

    private static final int STEPS = 400;
    private static final double RATE = 0.5;

    private Logistic() {
    }

    static Model fit(double[][] x, boolean[] y, double lambda) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        for (double[] row : x) {
            for (int j = 0; j < d; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = Math.max(1e-9, Math.sqrt(scale[j]));
        }
        double[][] z = new double[n][d];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i][j] = (x[i][j] - mean[j]) / scale[j];
            }
            positives += y[i] ? 1 : 0;
        }
        double wPos = 0.5 / Math.max(1, positives);
        double wNeg = 0.5 / Math.max(1, n - positives);
        double[] w = new double[d];
        double b = 0;
        double[] grad = new double[d];
        for (int step = 0; step < STEPS; step++) {
            java.util.Arrays.fill(grad, 0);
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double s = b;
                for (int j = 0; j < d; j++) {
                    s += w[j] * z[i][j];
                }
                double p = 1 / (1 + Math.exp(-s));
                double e = (p - (y[i] ? 1 : 0)) * (y[i] ? wPos : wNeg);
                for (int j = 0; j < d; j++) {
                    grad[j] += e * z[i][j];
                }
                gb += e;
            }
            for (int j = 0; j < d; j++) {
                w[j] -= RATE * (grad[j] + lambda * w[j]);
            }
            b -= RATE * gb;
        }
        return new Model(mean, scale, w, b, lambda);
    }

    /** Platt's {@code P(y) = σ(a·score + b)}, fitted by Newton's method on the natural (unweighted) labels. */
    static double[] platt(double[] score, boolean[] y) {
        double a = 1;
        double b = 0;
        for (int iter = 0; iter < 50; iter++) {
            double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
            for (int i = 0; i < score.length; i++) {
                double p = 1 / (1 + Math.exp(-(a * score[i] + b)));
                double e = p - (y[i] ? 1 : 0);
                double v = Math.max(p * (1 - p), 1e-9);
                ga += e * score[i];
                gb += e;
                haa += v * score[i] * score[i];
                hab += v * score[i];
                hbb += v;
            }
            haa += 1e-6;
            hbb += 1e-6;
            double det = haa * hbb - hab * hab;
            a -= (hbb * ga - hab * gb) / det;
            b -= (haa * gb - hab * ga) / det;
        }
        return new double[] {a, b};
    }
}
