package io.facegate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/**
 * Hostile bodies on the real server, each answered with its typed error (or a correct empty result) and the service
 * still serving after it: deep JSON, giant strings, invalid UTF-8, duplicate keys, PNG decompression bombs above and
 * below the pixel limit, JPEGs declaring 65500×65500 and 65535×65535.
 */
class HostileInputIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    @Test
    void deepJson() {
        String deep = "{\"Image\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        ApiErrors.assertRawError(SERVER.post(deep), 400, "InvalidParameterException");
    }

    @Test
    void giantStrings() {
        String giant = "A".repeat(12_000_000);
        ApiErrors.assertRawError(SERVER.post("{\"Image\":{\"Bytes\":\"" + giant + "\"}}"), 400, "ImageTooLargeException");
        ApiErrors.assertRawError(SERVER.post("{\"Image\":{\"S3Object\":{\"Bucket\":\"" + FacegateServer.BUCKET
                + "\",\"Name\":\"" + giant + "\"}}}"), 400, "InvalidParameterException");
        ApiErrors.assertRawError(SERVER.post("{\"" + giant + "\":1}"), 400, "InvalidParameterException");
    }

    @Test
    void invalidUtf8AndDuplicateKeys() {
        byte[] invalid = "{\"Image\":{\"S3Object\":{\"Bucket\":\"facegate-test\",\"Name\":\"\u00ff\"}}}"
                .getBytes(StandardCharsets.ISO_8859_1);
        JsonNode e = ApiErrors.assertRawError(SERVER.post(invalid, FacegateServer.TARGET, FacegateServer.JSON_1_1), 400,
                "InvalidParameterException");
        assertThat(e.path("Message").asText().isEmpty(), is(false));
        ApiErrors.assertRawError(SERVER.post("{\"Image\":{\"Bytes\":\"AAAA\"},\"Image\":{\"Bytes\":\"AAAA\"}}"), 400,
                "InvalidParameterException");
    }

    @Test
    void pngBombAboveThePixelLimitIsRefusedFromItsHeader() throws IOException {
        byte[] bomb = greyPng(7000, 7000); // 49 M pixels > images.max-pixels 40 M; about 50 KB
        assertThat(bomb.length, lessThan(100_000));
        ApiErrors.assertRawError(SERVER.post(body(bomb)), 400, "ImageTooLargeException");
    }

    @Test
    void pngBombBelowThePixelLimitIsDecodedWithinMemory() throws IOException {
        byte[] bomb = greyPng(5000, 5000); // 25 M pixels from about 25 KB
        var response = SERVER.post(body(bomb));
        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(ApiErrors.parse(response.body()).path("FaceDetails").size(), is(0));
    }

    @Test
    void jpegDeclaring65500SquareIsImageTooLarge() {
        byte[] jpeg = Fixtures.jpeg(Fixtures.blank(100, 100), false);
        int i = 2;
        while ((jpeg[i + 1] & 0xFF) != 0xC0) { // walk the segments to the frame header
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF));
        }
        // 65500 is the largest side the JDK's JPEG reader accepts; beyond it the header itself is refused.
        jpeg[i + 5] = (byte) 0xFF;
        jpeg[i + 6] = (byte) 0xDC;
        jpeg[i + 7] = (byte) 0xFF;
        jpeg[i + 8] = (byte) 0xDC;
        ApiErrors.assertRawError(SERVER.post(body(jpeg)), 400, "ImageTooLargeException");
        jpeg[i + 6] = (byte) 0xFF;
        jpeg[i + 8] = (byte) 0xFF;
        ApiErrors.assertRawError(SERVER.post(body(jpeg)), 400, "InvalidImageFormatException");
    }

    private static String body(byte[] image) {
        return "{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(image) + "\"}}";
    }

    /** An 8-bit grey PNG of zeros: a tiny file that decodes to width × height pixels. */
    static byte[] greyPng(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        Fixtures.pngChunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater(9);
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        byte[] row = new byte[width + 1];
        byte[] buffer = new byte[65536];
        for (int y = 0; y < height; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        Fixtures.pngChunk(out, "IDAT", idat.toByteArray());
        Fixtures.pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

}
