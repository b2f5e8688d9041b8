package io.facegate.camera;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A supervised command writing MJPEG to stdout: {@code ffmpeg -f v4l2 -i /dev/video0 -f mjpeg -} or
 * {@code rpicam-vid -t 0 --codec mjpeg -o -}. The process is started for each connection and ended (TERM, then KILL
 * after 2 s) when the stream is aborted; the last line it wrote to stderr goes into the error when it exits.
 */
final class ProcessMjpegSource implements FrameSource {

    private static final Logger LOG = Logger.getLogger(ProcessMjpegSource.class.getName());

    private final List<String> command;
    private volatile Process process;
    private volatile boolean aborted;

    ProcessMjpegSource(List<String> command) {
        this.command = List.copyOf(command);
    }

    @Override
    public void stream(Runnable connected, Sink sink) throws IOException, InterruptedException {
        aborted = false;
        Process p = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        process = p;
        var lastError = new java.util.concurrent.atomic.AtomicReference<>("");
        Thread stderr = Thread.ofPlatform().daemon().name("camera-stderr-" + p.pid())
                .start(() -> keepLastLine(p, lastError));
        connected.run();
        try (InputStream in = new BufferedInputStream(p.getInputStream(), 64 * 1024)) {
            MjpegReader reader = new MjpegReader(in, MAX_FRAME_BYTES, sink::broken);
            byte[] jpeg;
            while (!aborted && (jpeg = reader.next()) != null) {
                sink.frame(jpeg);
            }
        } finally {
            if (!aborted) {
                // Its stdout ended: let it exit by itself, since destroy() closes the stderr pipe under the reader
                // and the process's last words (why it failed) would be lost.
                p.waitFor(1, TimeUnit.SECONDS);
                stderr.join(1000);
            }
            end(p);
            process = null;
            stderr.join(1000);
        }
        if (!aborted) {
            throw new IOException(command.get(0) + " exited with status " + p.exitValue()
                    + (lastError.get().isEmpty() ? "" : ": " + lastError.get()));
        }
    }

    /** Keeps the last non-blank line the process writes to stderr, until it closes. */
    private static void keepLastLine(Process p, java.util.concurrent.atomic.AtomicReference<String> last) {
        try (var err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while ((line = err.readLine()) != null) {
                if (!line.isBlank()) {
                    last.set(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
        } catch (IOException ignored) {
            // closed by destroy()
        }
    }

    private static void end(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                LOG.warning(() -> "process " + p.pid() + " ignored TERM; killing it");
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void abort() {
        aborted = true;
        Process p = process;
        if (p != null) {
            p.destroy();
        }
    }
}
