package io.facegate.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;

/** A client that stops sending its body is cut off after {@code server.body-timeout}; the service goes on. */
class SlowClientIT {

    private static final long TIMEOUT_MS = 1000;

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> Map.of(
            "server.body-timeout", TIMEOUT_MS + "ms"));

    @Test
    void stalledBodyIsCutOffAndTheServiceStillAnswers() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", SERVER.port())) {
            // Generous, so a server that never cuts the client off fails here rather than hanging the build.
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Target: " + FacegateServer.TARGET
                    + "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 100000\r\n\r\n{\"Image\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            // Whatever the server writes before it closes, the stream must end: read to end of stream.
            while (in.read() >= 0) {
                // drain
            }
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMs, allOf(greaterThanOrEqualTo(TIMEOUT_MS - 100), lessThan(TIMEOUT_MS + 5000)));
        }
        SERVER.assertStillServing();
    }
}
