package io.facegate.camera;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/** MJPEG over HTTP: a {@code multipart/x-mixed-replace} response read part by part as it arrives. */
final class HttpMjpegSource implements FrameSource {

    private final URI url;
    private final Duration timeout;
    private volatile HttpURLConnection connection;
    private volatile boolean aborted;

    HttpMjpegSource(URI url, Duration timeout) {
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public void stream(Runnable connected, Sink sink) throws IOException {
        aborted = false;
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
        connection = c;
        try {
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setUseCaches(false);
            if (url.getUserInfo() != null) {
                // IP cameras commonly take http://user:password@host/...; HttpURLConnection ignores user info.
                c.setRequestProperty("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                        url.getUserInfo().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            int status = c.getResponseCode();
            if (status != 200) {
                throw new IOException("HTTP " + status);
            }
            connected.run();
            try (InputStream in = new BufferedInputStream(c.getInputStream(), 64 * 1024)) {
                MjpegReader reader = new MjpegReader(in, MAX_FRAME_BYTES, sink::broken);
                byte[] jpeg;
                while (!aborted && (jpeg = reader.next()) != null) {
                    sink.frame(jpeg);
                }
            }
        } finally {
            c.disconnect();
            connection = null;
        }
    }

    @Override
    public void abort() {
        aborted = true;
        HttpURLConnection c = connection;
        if (c != null) {
            c.disconnect();
        }
    }
}
