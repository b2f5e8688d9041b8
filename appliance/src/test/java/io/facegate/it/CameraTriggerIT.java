package io.facegate.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.Main;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.gpio.MockGpio;
import io.facegate.model.ModelRegistry;
import io.facegate.Appliance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.facegate.it.CameraRig.camera;
import static io.facegate.it.CameraRig.output;
import static io.facegate.it.CameraRig.type;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The door end to end: a real ffmpeg serves MJPEG over HTTP on loopback (no face, then a face, then no face), the
 * real service with that camera and a rule drives a Pi4J mock output active while the face is there and back to
 * idle after the hold time; {@code GET /events} shows the sequence. Then ffmpeg is killed and restarted and the
 * camera recovers.
 */
class CameraTriggerIT {

    private static final int FPS = 10;
    private static final long HOLD_MS = 1000;

    @TempDir
    Path dir;

    private final MockGpio gpio = new MockGpio();
    private final List<Process> ffmpegs = new ArrayList<>();
    private ModelRegistry models;
    private Appliance server;

    @BeforeEach
    void ffmpeg() {
        assumeTrue(CameraRig.ffmpegPresent(), "ffmpeg is not installed (.ci/run installs it)");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (models != null) {
            models.close();
        }
        ffmpegs.forEach(CameraRig::stop);
    }

    @Test
    void faceAppearsOutputGoesActiveThenIdleAfterHoldAndCameraRecoversFromARestartedStream() throws Exception {
        int port = CameraRig.freePort();
        Path snapshots = Files.createDirectory(dir.resolve("snapshots"));
        Path yaml = Files.writeString(dir.resolve("door.yaml"), """
                server: {port: 0}
                detector: {tile-above-pixels: 1000}
                cameras:
                  door:
                    source: http
                    url: http://127.0.0.1:%d/stream.mjpg
                    detect-fps: 10
                    reconnect-min: 100ms
                    reconnect-max: 400ms
                    stall-timeout: 3s
                    snapshot-dir: %s
                gpio:
                  provider: gpiod
                  outputs:
                    door: {line: 17, mode: level, hold: %dms, cool-down: 0s, max-on: 20s}
                rules:
                  open-door: {camera: door, min-faces: 1, min-confidence: 0.8, min-face-size: 0.2, output: door}
                """.formatted(port, snapshots, HOLD_MS));
        FacegateConfig config = ConfigLoader.fromFile(yaml, Map.of(), FacegateServer.modelsDir());
        models = ModelRegistry.load(config.models());
        server = Main.start(config, models, gpio);
        URI base = URI.create("http://127.0.0.1:" + server.port());
        assertThat("idle before anything is seen", gpio.high("door"), is(false));

        var face = CameraRig.faceFrame();
        var empty = CameraRig.noFaceFrame();
        List<java.awt.image.BufferedImage> frames = new ArrayList<>(CameraRig.times(15, empty));
        frames.addAll(CameraRig.times(20, face));
        frames.addAll(CameraRig.times(60, empty));
        Path first = CameraRig.sequence(dir, frames);

        try (var events = new CameraRig.EventClient(base)) {
            events.await(0, camera("door", "connecting").or(camera("door", "reconnecting")), Duration.ofSeconds(5));
            ffmpegs.add(CameraRig.serveHttp(first, FPS, port));

            int streaming = events.await(0, camera("door", "streaming"), Duration.ofSeconds(10));
            int faceSeen = events.await(streaming, type("face-detected"), Duration.ofSeconds(15));
            int on = events.await(faceSeen, output("door", true), Duration.ofSeconds(5));
            int fired = events.await(faceSeen, type("rule-fired"), Duration.ofSeconds(5));
            int off = events.await(on, output("door", false), Duration.ofSeconds(15));

            List<CameraRig.Event> seen = events.events();
            assertThat(seen.get(fired).get("outcome"), is("activated"));
            assertThat(seen.get(fired).get("rule"), is("open-door"));
            assertThat(seen.get(off).get("reason"), is("done"));
            assertThat("no output change before the face", seen.subList(0, faceSeen).stream()
                    .filter(type("output-changed")).toList(), is(empty()));
            @SuppressWarnings("unchecked")
            var box = (Map<String, Object>) ((Map<String, Object>) ((List<?>) seen.get(faceSeen).get("faces"))
                    .getFirst()).get("box");
            assertThat("the face is the centred one", ((Number) box.get("left")).doubleValue()
                    + ((Number) box.get("width")).doubleValue() / 2, is(closeTo(0.5, 0.1)));
            int lastFace = lastIndex(seen, type("face-detected"), off);
            long idleAfterLastFaceMs = (seen.get(off).receivedNanos() - seen.get(lastFace).receivedNanos()) / 1_000_000;
            assertThat("idle only after the hold time", idleAfterLastFaceMs, greaterThanOrEqualTo(HOLD_MS - 50));
            assertThat("and promptly after it", idleAfterLastFaceMs, lessThan(HOLD_MS + 1500));
            assertThat(gpio.levels("door"), contains(true, false));
            assertThat(gpio.high("door"), is(false));

            Map<?, ?> status = status(base);
            Map<?, ?> cam = (Map<?, ?>) ((List<?>) status.get("cameras")).getFirst();
            assertThat(cam.get("name"), is("door"));
            assertThat(((Number) cam.get("framesIn")).longValue(), greaterThan(30L));
            assertThat(((Number) cam.get("framesProcessed")).longValue(), greaterThan(10L));
            Map<?, ?> out = (Map<?, ?>) ((List<?>) status.get("outputs")).getFirst();
            assertThat(out.get("name"), is("door"));
            assertThat(out.get("active"), is(false));
            assertThat(((Number) out.get("activations")).longValue(), is(1L));
            String metrics = get(base, "/observe/metrics");
            assertThat(ObservabilityIT.value(metrics, "facegate_camera_frames", "camera=\"door\"", "kind=\"in\""),
                    greaterThanOrEqualTo(((Number) cam.get("framesIn")).doubleValue()));
            assertThat(ObservabilityIT.value(metrics, "facegate_gpio_activations", "output=\"door\""), is(1.0));

            // Kill the stream mid-way: the camera notices, backs off, and recovers when a new ffmpeg listens.
            CameraRig.stop(ffmpegs.getFirst());
            int lost = events.await(off, camera("door", "reconnecting"), Duration.ofSeconds(10));
            long framesBefore = ((Number) cam.get("framesIn")).longValue();
            ffmpegs.add(CameraRig.serveHttp(CameraRig.sequence(dir, CameraRig.times(40, face)), FPS, port));
            int back = events.await(lost, camera("door", "streaming"), Duration.ofSeconds(15));
            events.await(back, output("door", true), Duration.ofSeconds(15));
            Map<?, ?> after = (Map<?, ?>) ((List<?>) status(base).get("cameras")).getFirst();
            assertThat(((Number) after.get("framesIn")).longValue(), greaterThan(framesBefore));
            assertThat(((Number) after.get("reconnects")).longValue(), greaterThanOrEqualTo(1L));

            long until = System.nanoTime() + 2_000_000_000L;
            while (snapshotCount(snapshots) < 2 && System.nanoTime() < until) {
                Thread.sleep(20);  // the snapshot is written just after the activation's events
            }
            try (var files = Files.list(snapshots)) {
                List<Path> saved = files.toList();
                assertThat("one snapshot per activation, nothing else", saved.size(), is(2));
                for (Path f : saved) {
                    assertThat(javax.imageio.ImageIO.read(f.toFile()).getWidth(), is(CameraRig.WIDTH));
                }
            }

            server.stop();
            server = null;
            assertThat("the door is locked once the service has stopped", gpio.high("door"), is(false));
            long end = System.nanoTime() + 5_000_000_000L;
            while (!events.ended() && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertThat("the event stream ends with the service", events.ended(), is(true));
        }
    }

    private static org.hamcrest.Matcher<Double> closeTo(double v, double e) {
        return org.hamcrest.Matchers.closeTo(v, e);
    }

    private static int lastIndex(List<CameraRig.Event> events, java.util.function.Predicate<CameraRig.Event> p,
                                 int before) {
        for (int i = before - 1; i >= 0; i--) {
            if (p.test(events.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no matching event before " + before);
    }

    private static long snapshotCount(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".jpg")).count();
        }
    }

    private static Map<?, ?> status(URI base) throws Exception {
        return new ObjectMapper().readValue(get(base, "/status"), Map.class);
    }

    private static String get(URI base, String path) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode(), is(200));
            return response.body();
        }
    }
}
