package io.facegate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Part 4: CPU of the service watching an empty hallway. ffmpeg loops one face-free 640×480 frame at 15 fps into the
 * same camera config as the latency part; after the stream has run {@link #SETTLE_SECONDS}, the service's CPU time
 * (utime+stime of every thread, /proc/PID/stat) over the next {@code seconds} of wall time, as % of one core.
 */
final class IdlePart {

    static final int FPS = 15;
    static final int SETTLE_SECONDS = 3;

    private IdlePart() {
    }

    static void run(BenchSetup setup, int seconds, String extraCameraKeys) throws Exception {
        Out.section("4. Idle-stream CPU, 640x480 at " + FPS + " fps, an unchanging face-free frame");
        Path image = setup.work().resolve("idle-empty.jpg");
        try {
            Files.write(image, Scenes.jpeg(Scenes.empty(640, 480)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int ffmpegPort = ServiceJvm.freePort();
        int port = ServiceJvm.freePort();
        Process ffmpeg = null;
        try (MjpegRelay relay = new MjpegRelay(ffmpegPort);
             ServiceJvm service = ServiceJvm.start(setup, "idle", port,
                     ServiceYaml.door(port, relay.url(), extraCameraKeys), List.of());
             EventStream sse = new EventStream(service.uri())) {
            Out.line("camera: {%s} (other keys at their defaults)", ServiceYaml.camera(relay.url(), extraCameraKeys));
            ffmpeg = Ffmpeg.serveLoop(image, FPS, SETTLE_SECONDS + seconds + 30, ffmpegPort,
                    setup.work().resolve("ffmpeg-idle.log"));
            if (!sse.await(EventStream.cameraState("streaming"), Duration.ofSeconds(30))) {
                throw new BenchException("the camera did not start streaming within 30 s; see "
                        + setup.work().resolve("ffmpeg-idle.log") + " and the service log");
            }
            ServiceJvm.sleep(SETTLE_SECONDS * 1000L);
            CameraCounters before = CameraCounters.of(service.get("/status"));
            long cpu0 = ProcFs.cpuMillis(service.pid());
            long ffmpeg0 = ProcFs.cpuMillis(ffmpeg.pid());
            long t0 = System.nanoTime();
            ServiceJvm.sleep(seconds * 1000L);
            long cpu1 = ProcFs.cpuMillis(service.pid());
            long ffmpeg1 = ProcFs.cpuMillis(ffmpeg.pid());
            double wallMs = (System.nanoTime() - t0) / 1e6;
            CameraCounters after = CameraCounters.of(service.get("/status"));
            ProcFs.Memory memory = ProcFs.memory(service.pid());
            double seconds1 = wallMs / 1000;
            Out.line("measured: service CPU time (utime+stime, /proc/PID/stat) over %.1f s of wall time, after %d s of streaming",
                    seconds1, SETTLE_SECONDS);
            Out.line("  CPU: %.1f %% of one core (%d ms CPU in %.0f ms)", 100.0 * (cpu1 - cpu0) / wallMs, cpu1 - cpu0,
                    wallMs);
            long examined = after.processed() - before.processed();
            Out.line("  in that window: %.1f frames/s in, %.1f frames/s examined (GET /status counters), %.0f ms of CPU"
                    + " per examined frame", (after.in() - before.in()) / seconds1, examined / seconds1,
                    examined == 0 ? Double.NaN : (cpu1 - cpu0) / (double) examined);
            Out.line("  (ffmpeg itself, not counted: %.1f %% of one core)", 100.0 * (ffmpeg1 - ffmpeg0) / wallMs);
            Out.line("  face-detected events: %d (none expected)", sse.events().stream()
                    .filter(e -> e.type().equals("face-detected")).count());
            Out.line("  RSS streaming: %.0f MB (VmHWM %.0f MB)", memory.mb(), Out.mb(memory.vmHwm()));
        } finally {
            Children.stop(ffmpeg, 5);
        }
    }
}
