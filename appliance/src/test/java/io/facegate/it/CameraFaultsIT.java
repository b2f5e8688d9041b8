package io.facegate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.facegate.Appliance;
import io.facegate.Main;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.gpio.MockGpio;
import io.facegate.model.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.facegate.it.CameraRig.output;
import static io.facegate.it.CameraRig.type;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Camera faults an outside test found, each against the real service: broken frames in a stream, photos dropped in a
 * folder beside a busy live camera, a process camera that never sends a frame, and a camera lost while its output is
 * active.
 */
class CameraFaultsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final MockGpio gpio = new MockGpio();
    private final List<Process> ffmpegs = new ArrayList<>();
    private ModelRegistry models;
    private Appliance service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        if (models != null) {
            models.close();
        }
        ffmpegs.forEach(CameraRig::stop);
    }

    private URI start(String yaml) throws IOException {
        FacegateConfig config = ConfigLoader.fromFile(Files.writeString(dir.resolve("facegate.yaml"), yaml),
                Map.of("server.port", "0"), FacegateServer.modelsDir());
        models = ModelRegistry.load(config.models());
        service = Main.start(config, models, gpio);
        return URI.create("http://127.0.0.1:" + service.port());
    }

    /** Item 9: a truncated frame neither hides the good frame after it nor goes uncounted. */
    @Test
    void aTruncatedFrameCostsOnlyItselfAndIsCounted() throws Exception {
        byte[] good = Fixtures.jpeg(CameraRig.faceFrame(), false);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 3; i++) {
            stream.write(good, 0, good.length * 3 / 5);
            stream.write(good);
        }
        Path mjpeg = Files.write(dir.resolve("broken.mjpg"), stream.toByteArray());
        URI base = start("""
                cameras:
                  cam:
                    source: process
                    command: [sh, -c, "while true; do cat %s; sleep 0.4; done"]
                    stall-timeout: 2s
                """.formatted(mjpeg));
        Thread.sleep(4000);
        JsonNode cam = status(base).path("cameras").get(0);
        assertThat(cam.toString(), cam.path("framesIn").asLong(), greaterThanOrEqualTo(6L));
        assertThat(cam.toString(), cam.path("brokenFrames").asLong(), greaterThanOrEqualTo(6L));
        assertThat("no stall reconnect: " + cam, cam.path("reconnects").asLong(), is(0L));
        assertThat(cam.toString(), cam.path("framesProcessed").asLong(), greaterThan(0L));
    }

    /**
     * Item 10: every photo dropped in a folder is examined, even beside a live camera that keeps the only frame slot
     * busy; a file written slowly is read once whole; a rewritten or touched file is examined again.
     */
    @Test
    void everyFolderPhotoIsExaminedWholeAndAgainWhenRewritten() throws Exception {
        assumeTrue(CameraRig.ffmpegPresent(), "ffmpeg is not installed (.ci/run installs it)");
        int port = CameraRig.freePort();
        Path drop = Files.createDirectory(dir.resolve("drop"));
        URI base = start("""
                admission: {max-concurrent: 2}
                cameras:
                  live: {source: http, url: "http://127.0.0.1:%d/stream.mjpg", detect-fps: 30}
                  drop: {source: folder, folder: %s, poll: 100ms}
                """.formatted(port, drop));
        ffmpegs.add(CameraRig.serveHttp(CameraRig.sequence(dir, CameraRig.times(300, CameraRig.faceFrame())), 15, port));
        waitFor(() -> camera(base, "live").path("framesProcessed").asLong() > 3, 15_000, "the live camera runs");

        byte[] face = Fixtures.jpeg(CameraRig.faceFrame(), false);
        for (int i = 0; i < 6; i++) {
            Path tmp = Files.write(drop.resolve(".part" + i), face);
            Files.move(tmp, drop.resolve("photo" + i + ".jpg"), StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(300);
        }
        waitFor(() -> camera(base, "drop").path("framesProcessed").asLong() == 6, 10_000, "all six photos examined");

        try (OutputStream out = Files.newOutputStream(drop.resolve("slow.jpg"))) {
            int third = face.length / 3;
            for (int part = 0; part < 3; part++) {
                out.write(face, part * third, part == 2 ? face.length - 2 * third : third);
                out.flush();
                Thread.sleep(450);
            }
        }
        waitFor(() -> camera(base, "drop").path("framesProcessed").asLong() == 7, 10_000, "the slow file examined");
        assertThat("read whole, not half-written", camera(base, "drop").path("badFrames").asLong(), is(0L));

        Files.write(drop.resolve("photo0.jpg"), face);
        Files.setLastModifiedTime(drop.resolve("photo0.jpg"), FileTime.from(Instant.now().plusSeconds(5)));
        waitFor(() -> camera(base, "drop").path("framesProcessed").asLong() == 8, 10_000, "a rewritten photo");
        Files.setLastModifiedTime(drop.resolve("photo1.jpg"), FileTime.from(Instant.now().plusSeconds(10)));
        waitFor(() -> camera(base, "drop").path("framesProcessed").asLong() == 9, 10_000, "a touched photo");
    }

    /** Item 13: a process camera is not streaming until a frame arrives, and a failing command never streams. */
    @Test
    void streamingOnlyAfterTheFirstFrame() throws Exception {
        Path frame = Files.write(dir.resolve("frame.jpg"), Fixtures.jpeg(CameraRig.noFaceFrame(), false));
        URI base = start("""
                cameras:
                  late: {source: process, command: [sh, -c, "sleep 2; while true; do cat %s; sleep 0.2; done"]}
                  broken:
                    source: process
                    command: [sh, -c, "echo no camera here >&2; exit 1"]
                    reconnect-min: 100ms
                    reconnect-max: 200ms
                """.formatted(frame));
        List<String> brokenStates = new ArrayList<>();
        try (var events = new CameraRig.EventClient(base)) {
            Thread.sleep(1000);
            assertThat("no frame yet", camera(base, "late").path("state").asText(), is("connecting"));
            waitFor(() -> camera(base, "late").path("state").asText().equals("streaming"), 10_000, "late streams");
            assertThat(camera(base, "late").path("framesIn").asLong(), greaterThan(0L));
            events.events().stream().filter(type("camera-state")).filter(e -> "broken".equals(e.get("camera")))
                    .forEach(e -> brokenStates.add((String) e.get("state")));
        }
        assertThat("states of the failing command: " + brokenStates, brokenStates.contains("streaming"), is(false));
        assertThat(camera(base, "broken").path("detail").asText().contains("no camera here"), is(true));
    }

    /**
     * Item 16: a camera lost past its budget drives the outputs of its rules to their safe state at once, with a
     * {@code camera-lost} event, instead of leaving them active until their hold ends.
     */
    @Test
    void aLostCameraReleasesItsOutputs() throws Exception {
        assumeTrue(CameraRig.ffmpegPresent(), "ffmpeg is not installed (.ci/run installs it)");
        int port = CameraRig.freePort();
        URI base = start("""
                cameras:
                  door:
                    source: http
                    url: http://127.0.0.1:%d/stream.mjpg
                    detect-fps: 10
                    reconnect-min: 100ms
                    reconnect-max: 200ms
                    stall-timeout: 1s
                    lost-after: 1s
                gpio:
                  provider: gpiod
                  outputs:
                    door: {line: 17, mode: level, hold: 30s, cool-down: 0s, max-on: 60s}
                rules:
                  open: {camera: door, output: door}
                """.formatted(port));
        try (var events = new CameraRig.EventClient(base)) {
            Process ffmpeg = CameraRig.serveHttp(CameraRig.sequence(dir, CameraRig.times(600, CameraRig.faceFrame())),
                    10, port);
            ffmpegs.add(ffmpeg);
            int on = events.await(0, output("door", true), Duration.ofSeconds(20));
            CameraRig.stop(ffmpeg);
            int lost = events.await(on, type("camera-lost"), Duration.ofSeconds(8));
            int off = events.await(on, output("door", false), Duration.ofSeconds(8));
            assertThat(events.events().get(off).get("reason"), is("camera-lost"));
            assertThat(events.events().get(lost).get("camera"), is("door"));
            assertThat(gpio.high("door"), is(false));
        }
    }

    private static JsonNode status(URI base) throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/status")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    private static JsonNode camera(URI base, String name) throws Exception {
        for (JsonNode c : status(base).path("cameras")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no camera " + name);
    }

    private interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, long millis, String what) throws Exception {
        long end = System.nanoTime() + millis * 1_000_000;
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + ": not within " + millis + " ms");
            }
            Thread.sleep(50);
        }
    }
}
