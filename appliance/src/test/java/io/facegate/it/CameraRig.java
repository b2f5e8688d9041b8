package io.facegate.it;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the camera tests need: 640×480 frames with and without a face (made in code from the sample photos), a real
 * {@code ffmpeg} serving them, and a client reading {@code GET /events}.
 */
public final class CameraRig {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CameraRig() {
    }

    public static boolean ffmpegPresent() {
        return Subprocess.works("ffmpeg", "-version");
    }

    /** The one-face crop of sample3.jpg, 420 px tall, centred on a grey 640×480 frame. */
    public static BufferedImage faceFrame() {
        BufferedImage frame = Fixtures.blank(WIDTH, HEIGHT);
        BufferedImage face = Fixtures.oneFace();
        int h = 420;
        int w = face.getWidth() * h / face.getHeight();
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(face, (WIDTH - w) / 2, (HEIGHT - h) / 2, w, h, null);
        g.dispose();
        return frame;
    }

    /** An empty room: a gradient wall, a floor and a door-like rectangle; no face. */
    public static BufferedImage noFaceFrame() {
        BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(200, 190, 170), WIDTH, HEIGHT, new Color(120, 110, 100)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(90, 70, 50));
        g.fillRect(0, 380, WIDTH, 100);
        g.setColor(new Color(140, 100, 60));
        g.fillRect(240, 80, 160, 300);
        g.setColor(new Color(60, 60, 60));
        g.fillOval(370, 230, 14, 14);
        g.dispose();
        return frame;
    }

    /** Writes frames as {@code frame0000.jpg, frame0001.jpg, …} into a new folder under {@code parent}. */
    public static Path sequence(Path parent, List<BufferedImage> frames) {
        try {
            Path dir = Files.createTempDirectory(parent, "frames-");
            for (int i = 0; i < frames.size(); i++) {
                Files.write(dir.resolve(String.format("frame%04d.jpg", i)), Fixtures.jpeg(frames.get(i), false));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} copies of a frame, for building sequences. */
    public static List<BufferedImage> times(int n, BufferedImage frame) {
        List<BufferedImage> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(frame);
        }
        return list;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code ffmpeg} serving the sequence once, in real time at {@code fps}, as {@code multipart/x-mixed-replace} on
     * {@code http://127.0.0.1:port/stream.mjpg} (one client; it exits when the sequence ends or the client leaves).
     */
    public static Process serveHttp(Path sequence, int fps, int port) {
        return start(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-framerate", String.valueOf(fps),
                "-i", sequence.resolve("frame%04d.jpg").toString(), "-f", "mpjpeg", "-q:v", "5",
                "-content_type", "multipart/x-mixed-replace;boundary=ffmpeg", "-listen", "1",
                "http://127.0.0.1:" + port + "/stream.mjpg"));
    }

    /** The command for a process camera: one image looped at {@code fps} for {@code seconds}, MJPEG to stdout. */
    public static List<String> stdoutCommand(Path image, int fps, int seconds) {
        return List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-re", "-loop", "1", "-framerate",
                String.valueOf(fps), "-i", image.toString(), "-t", String.valueOf(seconds), "-f", "mjpeg", "-q:v", "5",
                "-");
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One Server-Sent Event: its name, its JSON data, and when the client received it. */
    public record Event(String type, Map<String, Object> data, long receivedNanos) {
        public Object get(String key) {
            return data.get(key);
        }
    }

    /** Reads {@code GET /events} on a background thread into a list. */
    public static final class EventClient implements AutoCloseable {
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private final Thread reader;
        private volatile Stream<String> lines;
        private volatile boolean ended;

        public EventClient(URI server) throws Exception {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(server.resolve("/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /events answered " + response.statusCode());
            }
            lines = response.body();
            reader = new Thread(this::read, "sse-client");
            reader.setDaemon(true);
            reader.start();
        }

        @SuppressWarnings("unchecked")
        private void read() {
            String type = null;
            StringBuilder data = new StringBuilder();
            try {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("event:")) {
                        type = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && type != null) {
                        events.add(new Event(type, JSON.readValue(data.toString(), Map.class), System.nanoTime()));
                        type = null;
                        data.setLength(0);
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                // stream closed
            } finally {
                ended = true;
            }
        }

        public List<Event> events() {
            return List.copyOf(events);
        }

        public boolean ended() {
            return ended;
        }

        /** Waits for the first event after index {@code from} matching {@code p}; returns its index. */
        public int await(int from, Predicate<Event> p, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                List<Event> now = events();
                for (int i = Math.max(0, from); i < now.size(); i++) {
                    if (p.test(now.get(i))) {
                        return i;
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("no matching event within " + timeout + "; got " + events().stream()
                    .map(e -> e.type() + (e.type().equals("face-detected") ? "" : e.data().toString())).toList());
        }

        @Override
        public void close() {
            if (lines != null) {
                lines.close();
            }
            http.close();
        }
    }

    public static Predicate<Event> type(String type) {
        return e -> e.type().equals(type);
    }

    public static Predicate<Event> output(String name, boolean active) {
        return e -> e.type().equals("output-changed") && name.equals(e.get("output"))
                && Boolean.valueOf(active).equals(e.get("active"));
    }

    public static Predicate<Event> camera(String name, String state) {
        return e -> e.type().equals("camera-state") && name.equals(e.get("camera")) && state.equals(e.get("state"));
    }
}
