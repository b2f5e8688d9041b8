package io.facegate.decode;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the PNG/JPEG decoder (format sniffing, ImageIO, the header dimension check, truncation detection, EXIF
 * orientation) with arbitrary bytes, starting from the small generated seeds in
 * {@code ImageDecoderFuzzTestInputs/decode/} ({@code io.facegate.fuzz.CorpusSeeds}). Allowed outcomes: an image no
 * larger than the pixel limit, or {@link ImageRejectedException}. Any other exception, a hang or a memory blow-up
 * (decompression bombs, huge declared sizes) is a finding.
 */
class ImageDecoderFuzzTest {

    private static final long MAX_PIXELS = 4_000_000;
    private static final ImageDecoder DECODER = new ImageDecoder(1, MAX_PIXELS);

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] bytes) {
        try {
            RgbImage image = DECODER.decode(bytes);
            if ((long) image.width() * image.height() > MAX_PIXELS || image.width() < 1 || image.height() < 1) {
                throw new AssertionError("decoded " + image.width() + "x" + image.height() + " beyond the limits");
            }
        } catch (ImageRejectedException e) {
            if (e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("rejection without a message: " + e.reason());
            }
        }
    }
}
