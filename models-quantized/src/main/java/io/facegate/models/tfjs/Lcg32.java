package io.facegate.models.tfjs;

/** The input generator of tfjs-reference/make-fixtures.mjs, bit for bit. */
final class Lcg32 {

    private Lcg32() {
    }

    static float[] uniform(int n, double lo, double hi, int seed) {
        float[] out = new float[n];
        int state = seed;
        for (int i = 0; i < n; i++) {
            state = state * 1664525 + 1013904223;
            out[i] = (float) (lo + (hi - lo) * ((state >>> 8) / 16777216.0));
        }
        return out;
    }
}
