package io.facegate.camera;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Cuts a byte stream into JPEG frames as they arrive: a {@code multipart/x-mixed-replace} body (boundaries and part
 * headers are skipped) or bare concatenated JPEGs ({@code ffmpeg -f mjpeg -}, {@code rpicam-vid --codec mjpeg}).
 * Frames are delimited by walking the JPEG marker structure (segment lengths, then the entropy-coded data up to
 * EOI), so an EXIF thumbnail's own end marker does not cut a frame short. A frame that breaks the structure is
 * counted and skipped. A truncated frame usually breaks at the next frame's start-of-image marker: that marker
 * begins the next frame, so a broken frame never costs the good one after it.
 */
final class MjpegReader {

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;

    private final InputStream in;
    private final int maxFrameBytes;
    private final Runnable onMalformed;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream(256 * 1024);
    private long malformed;
    /** The last broken frame ended at a start-of-image marker, already read: the next frame starts there. */
    private boolean atStartOfImage;

    MjpegReader(InputStream in, int maxFrameBytes) {
        this(in, maxFrameBytes, () -> { });
    }

    /** {@code onMalformed} runs for every frame skipped, on the reading thread. */
    MjpegReader(InputStream in, int maxFrameBytes, Runnable onMalformed) {
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
        this.onMalformed = onMalformed;
    }

    /** The next whole JPEG, or null at the end of the stream. */
    byte[] next() throws IOException {
        while (true) {
            if (!atStartOfImage && !skipToStartOfImage()) {
                return null;
            }
            atStartOfImage = false;
            frame.reset();
            frame.write(0xFF);
            frame.write(SOI);
            try {
                readRest();
                return frame.toByteArray();
            } catch (Malformed e) {
                malformed++;
                onMalformed.run();
            }
        }
    }

    /** Frames skipped because their structure was broken or they exceeded the size limit. */
    long malformed() {
        return malformed;
    }

    private boolean skipToStartOfImage() throws IOException {
        int previous = -1;
        int b;
        while ((b = in.read()) >= 0) {
            if (previous == 0xFF && b == SOI) {
                return true;
            }
            previous = b;
        }
        return false;
    }

    private void readRest() throws IOException, Malformed {
        int marker = readMarker();
        while (marker != EOI) {
            if (marker == SOI) {
                atStartOfImage = true;
                throw new Malformed();
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                marker = readMarker();
                continue;
            }
            int high = read();
            int low = read();
            int length = high << 8 | low;
            if (length < 2) {
                throw new Malformed();
            }
            frame.write(high);
            frame.write(low);
            copy(length - 2);
            marker = marker == SOS ? scanEntropyCoded() : readMarker();
        }
    }

    private int readMarker() throws IOException, Malformed {
        if (read() != 0xFF) {
            throw new Malformed();
        }
        return copyMarkerCode();
    }

    /** After an 0xFF: skips fill bytes (more 0xFF), copies 0xFF and the marker code, and returns the code. */
    private int copyMarkerCode() throws IOException, Malformed {
        int m;
        do {
            m = read();
        } while (m == 0xFF);
        put(0xFF);
        put(m);
        return m;
    }

    /** Copies entropy-coded bytes up to the next real marker (not a stuffed 0xFF00 or a restart), which it returns. */
    private int scanEntropyCoded() throws IOException, Malformed {
        while (true) {
            int b = read();
            if (b != 0xFF) {
                put(b);
                continue;
            }
            int m = copyMarkerCode();
            if (m != 0x00 && (m < 0xD0 || m > 0xD7)) {
                return m;
            }
        }
    }

    private void copy(int n) throws IOException, Malformed {
        if (frame.size() + n > maxFrameBytes) {
            throw new Malformed();
        }
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("stream ended inside a JPEG frame");
        }
        frame.write(bytes);
    }

    private void put(int b) throws Malformed {
        if (frame.size() >= maxFrameBytes) {
            throw new Malformed();
        }
        frame.write(b);
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("stream ended inside a JPEG frame");
        }
        return b;
    }

    private static final class Malformed extends Exception {
        Malformed() {
            super(null, null, false, false);
        }
    }
}
