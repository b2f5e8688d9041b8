package io.facegate.camera;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.facegate.it.CameraRig;
import io.facegate.it.Fixtures;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

class MjpegReaderTest {

    private static final byte[] FACE = Fixtures.jpeg(CameraRig.faceFrame(), false);
    private static final byte[] EMPTY = Fixtures.jpeg(CameraRig.noFaceFrame(), true);

    @Test
    void multipartPartsComeOutWholeWithHeadersAndBoundariesSkipped() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] jpeg : List.of(FACE, EMPTY, FACE)) {
            body.write(("--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: " + jpeg.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.write(jpeg);
            body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        List<byte[]> frames = readAll(body.toByteArray(), 1 << 20);
        assertThat(frames, hasSize(3));
        assertThat(Arrays.equals(frames.get(0), FACE), is(true));
        assertThat(Arrays.equals(frames.get(1), EMPTY), is(true));
        assertThat(Arrays.equals(frames.get(2), FACE), is(true));
    }

    @Test
    void anExifThumbnailsEndMarkerDoesNotCutTheFrame() throws IOException {
        byte[] thumbnail = Fixtures.jpeg(Fixtures.blank(16, 16), false);
        ByteArrayOutputStream app1 = new ByteArrayOutputStream();
        app1.write("Exif\0\0".getBytes(StandardCharsets.US_ASCII));
        app1.write(thumbnail);
        int length = app1.size() + 2;
        ByteArrayOutputStream withThumb = new ByteArrayOutputStream();
        withThumb.write(FACE, 0, 2);
        withThumb.write(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        withThumb.write(app1.toByteArray());
        withThumb.write(FACE, 2, FACE.length - 2);
        byte[] jpeg = withThumb.toByteArray();

        List<byte[]> frames = readAll(concat(jpeg, EMPTY), 1 << 20);
        assertThat(frames, hasSize(2));
        assertThat(Arrays.equals(frames.get(0), jpeg), is(true));
    }

    @Test
    void aBrokenOrOversizedFrameIsSkippedAndTheNextOneFound() throws IOException {
        byte[] broken = Arrays.copyOf(FACE, 600);
        broken[4] = 0;  // the first segment's length becomes nonsense
        broken[5] = 1;
        MjpegReader reader = new MjpegReader(new ByteArrayInputStream(concat(broken, EMPTY, FACE)), FACE.length + 10);
        List<byte[]> frames = new ArrayList<>();
        byte[] f;
        while ((f = reader.next()) != null) {
            frames.add(f);
        }
        assertThat(frames, hasSize(2));
        assertThat(Arrays.equals(frames.get(0), EMPTY), is(true));
        assertThat(reader.malformed(), is(1L));

        MjpegReader small = new MjpegReader(new ByteArrayInputStream(concat(FACE, EMPTY)), EMPTY.length + 10);
        assertThat("the oversized face frame is skipped", Arrays.equals(small.next(), EMPTY), is(true));
    }

    @Test
    void aTruncatedFrameEndsAtTheNextStartMarkerWhichBeginsTheNextFrame() throws IOException {
        byte[] truncated = Arrays.copyOf(FACE, FACE.length * 3 / 5);
        MjpegReader reader = new MjpegReader(new ByteArrayInputStream(
                concat(truncated, FACE, truncated, EMPTY, truncated, FACE)), 1 << 20);
        List<byte[]> frames = new ArrayList<>();
        byte[] f;
        while ((f = reader.next()) != null) {
            frames.add(f);
        }
        assertThat("every whole frame comes out", frames, hasSize(3));
        assertThat(Arrays.equals(frames.get(0), FACE), is(true));
        assertThat(Arrays.equals(frames.get(1), EMPTY), is(true));
        assertThat(Arrays.equals(frames.get(2), FACE), is(true));
        assertThat("each truncated frame is counted", reader.malformed(), is(3L));
    }

    @Test
    void aStreamEndingInsideAFrameIsAnError() {
        byte[] cut = Arrays.copyOf(FACE, FACE.length / 2);
        MjpegReader reader = new MjpegReader(new ByteArrayInputStream(concat(EMPTY, cut)), 1 << 20);
        org.junit.jupiter.api.Assertions.assertDoesNotThrow(reader::next);
        org.junit.jupiter.api.Assertions.assertThrows(java.io.EOFException.class, reader::next);
    }

    private static List<byte[]> readAll(byte[] stream, int max) throws IOException {
        MjpegReader reader = new MjpegReader(new ByteArrayInputStream(stream), max);
        List<byte[]> frames = new ArrayList<>();
        byte[] f;
        while ((f = reader.next()) != null) {
            frames.add(f);
        }
        return frames;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
