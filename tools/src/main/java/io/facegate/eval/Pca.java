package io.facegate.eval;

import java.util.Random;

/**
 * The leading principal directions of a set of rows, by subspace iteration on their covariance (seeded, so
 * training is reproducible). Used to fit a head on a few components of faceres' descriptor: the head stays linear
 * in the descriptor, so the components fold back into ordinary descriptor weights.
 */
record Pca(double[] mean, double[][] components) {

    private static final int ITERATIONS = 60;

    static Pca fit(double[][] rows, int k) {
        int n = rows.length;
        int d = rows[0].length;
        double[] mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        double[][] cov = new double[d][d];
        double[] c = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                c[j] = r[j] - mean[j];
            }
            for (int a = 0; a < d; a++) {
                double ca = c[a];
                double[] row = cov[a];
                for (int b = a; b < d; b++) {
                    row[b] += ca * c[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double[][] q = new double[k][d];
        Random random = new Random(7);
        for (double[] v : q) {
            for (int j = 0; j < d; j++) {
                v[j] = random.nextGaussian();
            }
        }
        orthonormalise(q);
        for (int it = 0; it < ITERATIONS; it++) {
            double[][] next = new double[k][d];
            for (int i = 0; i < k; i++) {
                for (int a = 0; a < d; a++) {
                    double s = 0;
                    double[] row = cov[a];
                    double[] v = q[i];
                    for (int b = 0; b < d; b++) {
                        s += row[b] * v[b];
                    }
                    next[i][a] = s;
                }
            }
            orthonormalise(next);
            q = next;
        }
        return new Pca(mean, q);
    }

    double[] project(double[] x) {
        double[] p = new double[components.length];
        for (int i = 0; i < p.length; i++) {
            double s = 0;
            for (int j = 0; j < x.length; j++) {
                s += components[i][j] * (x[j] - mean[j]);
            }
            p[i] = s;
        }
        return p;
    }

    /** Modified Gram-Schmidt, in order: the first vector keeps the strongest direction. */
    private static void orthonormalise(double[][] v) {
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < i; j++) {
                double dot = 0;
                for (int t = 0; t < v[i].length; t++) {
                    dot += v[i][t] * v[j][t];
                }
                for (int t = 0; t < v[i].length; t++) {
                    v[i][t] -= dot * v[j][t];
                }
            }
            double norm = 0;
            for (double x : v[i]) {
                norm += x * x;
            }
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int t = 0; t < v[i].length; t++) {
                v[i][t] /= norm;
            }
        }
    }
}
