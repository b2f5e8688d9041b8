package io.facegate.bench;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.facegate.Main;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.gpio.MockGpio;
import io.facegate.it.CameraRig;
import io.facegate.model.ModelRegistry;
import io.facegate.Appliance;

/**
 * Frame arrival → output change, through the whole service: a real ffmpeg serves 640×480 MJPEG over HTTP at 15 fps,
 * alternating 1.2 s without a face and 0.8 s with one; a rule drives a Pi4J mock output with a 1.5 s pulse, so each
 * face arrival activates it once. For every activation the
 * service reports, in its {@code rule-fired} event, the time from the last byte of the triggering frame being read
 * to the output line having been driven (waiting for the detector, decode, detection, attributes, rules, GPIO).
 * Prints median, p90 and max per detector setting.
 *
 * <pre>mvn -B -q -Platency -DskipTests test-compile exec:exec -pl appliance</pre>
 */
public final class FrameToOutputLatency {

    private static final int FPS = 15;
    private static final int CYCLES = 15;

    private FrameToOutputLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("facegate-latency-");
        BufferedImage face = CameraRig.faceFrame();
        BufferedImage empty = CameraRig.noFaceFrame();
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < CYCLES; i++) {
            frames.addAll(CameraRig.times(FPS * 12 / 10, empty));
            frames.addAll(CameraRig.times(FPS * 8 / 10, face));
        }
        frames.addAll(CameraRig.times(FPS, empty));
        Path sequence = CameraRig.sequence(dir, frames);
        System.out.printf("frame arrival -> output change, 640x480 MJPEG over HTTP at %d fps, %d face arrivals%n",
                FPS, CYCLES);
        System.out.printf("%-44s %5s %9s %9s %9s %12s%n", "detector", "n", "median ms", "p90 ms", "max ms",
                "detect ms");
        run(dir, sequence, "default (whole + front-128 + 3x3 tiles)", "");
        run(dir, sequence, "tile-above-pixels 1000 (no tiles at 640x480)", "detector: {tile-above-pixels: 1000}\n");
    }

    private static void run(Path dir, Path sequence, String label, String detectorYaml) throws Exception {
        int port = CameraRig.freePort();
        Path yaml = Files.writeString(Files.createTempFile(dir, "latency-", ".yaml"), """
                server: {port: 0}
                %scameras:
                  door: {source: http, url: "http://127.0.0.1:%d/stream.mjpg", detect-fps: 30, reconnect-min: 100ms, reconnect-max: 200ms}
                gpio:
                  provider: gpiod
                  outputs:
                    door: {line: 17, mode: pulse, pulse: 1500ms, cool-down: 0s, max-on: 2s}
                rules:
                  open: {camera: door, output: door}
                """.formatted(detectorYaml, port));
        FacegateConfig config = ConfigLoader.fromFile(yaml, Map.of(), Path.of(System.getProperty("facegate.test.models")));
        ModelRegistry models = ModelRegistry.load(config.models());
        Appliance server = Main.start(config, models, new MockGpio());
        Process ffmpeg = null;
        try (var events = new CameraRig.EventClient(URI.create("http://127.0.0.1:" + server.port()))) {
            ffmpeg = CameraRig.serveHttp(sequence, FPS, port);
            events.await(0, CameraRig.camera("door", "streaming"), Duration.ofSeconds(20));
            ffmpeg.waitFor();
            Thread.sleep(1000);
            List<Double> ms = new ArrayList<>();
            List<Double> detect = new ArrayList<>();
            for (CameraRig.Event e : events.events()) {
                if (e.type().equals("rule-fired") && "activated".equals(e.get("outcome"))) {
                    ms.add(((Number) e.get("frameToOutputMs")).doubleValue());
                }
                if (e.type().equals("face-detected")) {
                    detect.add(((Number) e.get("detectionMs")).doubleValue());
                }
            }
            ms.sort(null);
            detect.sort(null);
            System.out.printf("%-44s %5d %9.1f %9.1f %9.1f %12.1f%n", label, ms.size(), quantile(ms, 0.5),
                    quantile(ms, 0.9), ms.isEmpty() ? Double.NaN : ms.getLast(), quantile(detect, 0.5));
        } finally {
            CameraRig.stop(ffmpeg);
            server.stop();
            models.close();
        }
    }

    private static double quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }
}
