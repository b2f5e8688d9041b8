package io.facegate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for what no HTTP client sends (TLS on the plain port, broken framing, huge headers)
 * and for watching the connection itself: whether the whole body could be written, and whether the server closed
 * the connection after answering.
 */
final class RawHttp {

    /** Long enough that a server that never answers fails the test rather than hanging the build. */
    private static final int READ_TIMEOUT_MS = 30_000;
    /** How long to wait for the server to close after its response, when the test asks. */
    private static final int CLOSE_TIMEOUT_MS = 10_000;

    private RawHttp() {
    }

    /**
     * One response: status, headers (names lower-cased), the body by its Content-Length, {@code writeError} when
     * sending the request failed (a broken pipe or reset: the server closed before reading it all), and whether
     * the server closed the connection right after the response.
     */
    record Response(int status, Map<String, String> headers, String body, IOException writeError, boolean closed) {

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body + (writeError == null ? "" : " (write failed: " + writeError + ")")
                    + (closed ? " (closed)" : "");
        }
    }

    /**
     * Sends {@code head} then {@code body} (which may be empty) and reads one response. When the response says
     * {@code Connection: close}, waits for the server to close (up to 10 s; {@link Response#closed()} says whether
     * it did).
     */
    static Response exchange(int port, byte[] head, Body body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            IOException writeError = null;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(head);
                body.writeTo(out);
                out.flush();
            } catch (IOException e) {
                writeError = e;
            }
            boolean headRequest = new String(head, 0, Math.min(5, head.length), StandardCharsets.ISO_8859_1)
                    .equals("HEAD ");
            return read(socket, writeError, headRequest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Response exchange(int port, String head) {
        return exchange(port, head.getBytes(StandardCharsets.ISO_8859_1), out -> { });
    }

    static Response exchange(int port, byte[] bytes) {
        return exchange(port, bytes, out -> { });
    }

    /** A request body written in pieces, so that a server that stops reading makes the write fail. */
    interface Body {
        void writeTo(OutputStream out) throws IOException;

        /** {@code length} bytes: {@code prefix}, then {@code fill} up to {@code length - suffix.length}, then suffix. */
        static Body of(String prefix, byte fill, String suffix, long length) {
            return out -> {
                byte[] start = prefix.getBytes(StandardCharsets.US_ASCII);
                byte[] end = suffix.getBytes(StandardCharsets.US_ASCII);
                out.write(start);
                byte[] chunk = new byte[64 * 1024];
                Arrays.fill(chunk, fill);
                long left = length - start.length - end.length;
                while (left > 0) {
                    int n = (int) Math.min(chunk.length, left);
                    out.write(chunk, 0, n);
                    left -= n;
                }
                out.write(end);
            };
        }

        /** The same bytes in chunked transfer coding, 64 KiB a chunk. */
        static Body chunked(Body plain) {
            return out -> {
                OutputStream chunker = new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (len > 0) {
                            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.write(b, off, len);
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                };
                plain.writeTo(chunker);
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            };
        }
    }

    /** The request head of a DetectFaces POST with the given framing headers (each ending in CRLF). */
    static String detectFacesHead(String framing) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: " + FacegateServer.TARGET
                + "\r\nContent-Type: " + FacegateServer.JSON_1_1 + "\r\n" + framing + "\r\n";
    }

    /** Reads one response; after HEAD, Content-Length describes a body that is not sent. */
    private static Response read(Socket socket, IOException writeError, boolean headRequest) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a response head; got: "
                        + head.toString(StandardCharsets.ISO_8859_1)
                        + (writeError == null ? "" : " (write failed: " + writeError + ")"));
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
            }
        }
        int length = headRequest ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        boolean closed = false;
        socket.setSoTimeout(CLOSE_TIMEOUT_MS);
        try {
            closed = headers.getOrDefault("connection", "").equalsIgnoreCase("close") && in.read() < 0;
        } catch (SocketTimeoutException e) {
            closed = false;
        } catch (IOException e) {
            closed = true; // reset after the response: closed all the same
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8), writeError, closed);
    }
}
