package io.facegate.models.quant;

/**
 * A calibrated activation range, widened to contain 0 (so that 0 is exact) and rounded outward to 11 significant
 * bits, so that float noise between CPUs in the calibration pass rarely changes the model bytes.
 */
record Range(float min, float max) {

    static Range of(double lo, double hi) {
        return new Range(lo < 0 ? (float) -roundUp(-lo) : 0f, (float) roundUp(Math.max(hi, 0)));
    }

    private static double roundUp(double v) {
        if (v <= 0) {
            return 0;
        }
        double step = Math.pow(2, Math.floor(Math.log(v) / Math.log(2)) - 10);
        return Math.ceil(v / step) * step;
    }

    /** uint8 asymmetric parameters: scale and zero point. */
    float scale() {
        float s = (max - min) / 255f;
        return s > 0 ? s : 1f;
    }

    int zeroPoint() {
        return Math.clamp(Math.round(-min / scale()), 0, 255);
    }
}
