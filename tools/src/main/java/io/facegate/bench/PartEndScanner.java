package io.facegate.bench;

import java.util.Locale;

/**
 * Finds, in the raw bytes of ffmpeg's HTTP response as they pass, where each multipart part's JPEG ends: the status
 * line and headers, then the body, de-chunked when {@code Transfer-Encoding: chunked} (ffmpeg's listen mode sends it),
 * then parts of {@code --boundary} / headers with {@code Content-length: N} / a blank line / N bytes. Only looks;
 * the bytes are forwarded unchanged.
 */
final class PartEndScanner {

    private enum Transport { HEADERS, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, PLAIN }

    private final StringBuilder line = new StringBuilder();
    private Transport transport = Transport.HEADERS;
    private boolean chunked;
    private long chunkLeft;
    private int chunkEndLeft;
    private final StringBuilder partLine = new StringBuilder();
    private long contentLength = -1;
    private long bodyLeft;

    /**
     * Scans {@code buf[from, to)}; returns the index just after the byte that ends a part's body, or -1 when none
     * ends in the range. Call again from the returned index for the rest.
     */
    int feed(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (transportByte(buf[i] & 0xFF) && partByte(buf[i] & 0xFF)) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Consumes one raw byte; true when it is a byte of the body (the multipart stream). */
    private boolean transportByte(int b) {
        switch (transport) {
            case HEADERS -> {
                if (lineEnded(line, b)) {
                    String header = line.toString().trim().toLowerCase(Locale.ROOT);
                    line.setLength(0);
                    if (header.startsWith("transfer-encoding:") && header.contains("chunked")) {
                        chunked = true;
                    } else if (header.isEmpty()) {
                        transport = chunked ? Transport.CHUNK_SIZE : Transport.PLAIN;
                    }
                }
                return false;
            }
            case CHUNK_SIZE -> {
                if (lineEnded(line, b)) {
                    String size = line.toString().trim();
                    line.setLength(0);
                    int ext = size.indexOf(';');
                    chunkLeft = Long.parseLong(ext < 0 ? size : size.substring(0, ext), 16);
                    transport = chunkLeft == 0 ? Transport.PLAIN : Transport.CHUNK_DATA;
                }
                return false;
            }
            case CHUNK_DATA -> {
                if (--chunkLeft == 0) {
                    transport = Transport.CHUNK_END;
                    chunkEndLeft = 2;
                }
                return true;
            }
            case CHUNK_END -> {
                if (--chunkEndLeft == 0) {
                    transport = Transport.CHUNK_SIZE;
                }
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** Consumes one byte of the multipart stream; true when it is the last byte of a part's body. */
    private boolean partByte(int b) {
        if (bodyLeft > 0) {
            return --bodyLeft == 0;
        }
        if (lineEnded(partLine, b)) {
            String header = partLine.toString().trim().toLowerCase(Locale.ROOT);
            partLine.setLength(0);
            if (header.startsWith("content-length:")) {
                contentLength = Long.parseLong(header.substring("content-length:".length()).trim());
            } else if (header.isEmpty() && contentLength > 0) {
                bodyLeft = contentLength;
                contentLength = -1;
            }
        }
        return false;
    }

    private static boolean lineEnded(StringBuilder line, int b) {
        if (b == '\n') {
            return true;
        }
        if (line.length() < 1024) {
            line.append((char) b);
        }
        return false;
    }
}
