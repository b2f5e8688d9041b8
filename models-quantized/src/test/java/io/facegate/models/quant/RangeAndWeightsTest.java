package io.facegate.models.quant;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RangeAndWeightsTest {

    @Test
    void rangeAlwaysContainsZeroExactly() {
        Range positive = Range.of(0.5, 6.0);
        assertEquals(0f, positive.min());
        assertEquals(0, positive.zeroPoint());
        Range mixed = Range.of(-1.0, 3.0);
        int q = Math.round(0f / mixed.scale()) + mixed.zeroPoint();
        assertEquals(0f, (q - mixed.zeroPoint()) * mixed.scale(), "0 quantizes to the zero point and back to 0");
        assertEquals(mixed.min(), (0 - mixed.zeroPoint()) * mixed.scale(), mixed.scale() / 2, "q = 0 dequantizes to min");
        assertTrue(mixed.min() <= -1f && mixed.max() >= 3f, "rounded outward");
    }

    @Test
    void rangeEndsRoundOutwardToElevenSignificantBits() {
        Range r = Range.of(0, 1.0001);
        assertEquals(1.0009765625f, r.max());
        assertEquals(Range.of(0, 1.00010001).max(), r.max(), "float noise below the step gives the same range");
    }

    @Test
    void weightScalesArePerOutputChannelAndSymmetric() {
        var w = Tensors.ofFloats("w", List.of(2L, 1L, 1L, 2L), new float[] {0.5f, -1.27f, 0f, 0f});
        assertArrayEquals(new float[] {0.01f, 1f}, QdqQuantizer.weightScales(w, 127), 1e-7f);
        assertArrayEquals(new float[] {1.27f / 63, 1f}, QdqQuantizer.weightScales(w, 63), 1e-7f);
    }
}
