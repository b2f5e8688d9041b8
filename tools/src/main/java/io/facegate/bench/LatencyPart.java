package io.facegate.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Part 3: face onset → output active through the whole service. ffmpeg serves the {@link OnsetStream} as MJPEG over
 * HTTP through the {@link MjpegRelay} to the service's http camera; a rule without conditions drives a pulse output.
 * For each onset, latency = (the bench receives the output's {@code output-changed} active event on GET /events) −
 * (the relay has forwarded the onset frame's last byte to the service). Both clocks are this JVM's nanoTime.
 */
final class LatencyPart {

    private LatencyPart() {
    }

    static void run(BenchSetup setup, Scenes scenes, int width, int height, OnsetStream stream, String extraCameraKeys)
            throws Exception {
        String label = width + "x" + height;
        Out.section("3. Camera face onset -> output active, " + label);
        Path frames = Scenes.sequence(setup.work().resolve("frames-" + label), stream.faces(),
                Scenes.jpeg(scenes.face(width, height)), Scenes.jpeg(Scenes.empty(width, height)));
        int ffmpegPort = ServiceJvm.freePort();
        int port = ServiceJvm.freePort();
        List<EventStream.Event> events;
        List<List<Long>> streams;
        ProcFs.Memory memory;
        String status;
        Process ffmpeg = null;
        try (MjpegRelay relay = new MjpegRelay(ffmpegPort);
             ServiceJvm service = ServiceJvm.start(setup, "latency-" + label, port,
                     ServiceYaml.door(port, relay.url(), extraCameraKeys), List.of());
             EventStream sse = new EventStream(service.uri())) {
            Out.line("camera: {%s} (other keys at their defaults)", ServiceYaml.camera(relay.url(), extraCameraKeys));
            Out.line("stream: %s", stream.describe());
            ffmpeg = Ffmpeg.serveSequence(frames, stream.fps(), ffmpegPort, setup.work().resolve("ffmpeg-" + label + ".log"));
            if (!sse.await(EventStream.cameraState("streaming"), Duration.ofSeconds(30))) {
                throw new BenchException("the camera did not start streaming within 30 s; see "
                        + setup.work().resolve("ffmpeg-" + label + ".log") + " and the service log");
            }
            ffmpeg.waitFor((long) stream.seconds() + 60, java.util.concurrent.TimeUnit.SECONDS);
            ServiceJvm.sleep(1500);
            memory = ProcFs.memory(service.pid());
            status = service.get("/status");
            events = sse.events();
            streams = relay.streams();
        } finally {
            Children.stop(ffmpeg, 5);
        }
        report(stream, events, streams, memory, status);
    }

    private static void report(OnsetStream stream, List<EventStream.Event> events, List<List<Long>> streams,
                               ProcFs.Memory memory, String status) {
        if (streams.isEmpty()) {
            throw new BenchException("no frame reached the service through the relay");
        }
        List<Long> parts = streams.getFirst();
        Out.line("relay: %d of %d frames forwarded on the first connection, at %.2f fps%s", parts.size(),
                stream.faces().size(), (parts.size() - 1) / ((parts.getLast() - parts.getFirst()) / 1e9),
                streams.size() > 1 ? "; " + (streams.size() - 1) + " more connection(s) got frames (a reconnect: onsets "
                        + "after it are not measured)" : "");
        Onsets onsets = Onsets.match(stream.onsets(), parts, events);
        Out.line("measured: output-changed(active) received on GET /events - onset frame's last byte forwarded to the service");
        Out.line("  onsets %d, missed %d (no activation before the next onset)%s", onsets.measured().size()
                + onsets.missed(), onsets.missed(), onsets.overlapping() > 0 ? ", " + onsets.overlapping()
                + " with the output still active at the onset (not counted)" : "");
        List<Double> ms = onsets.measured();
        Out.line("  latency ms: median %.0f, p90 %.0f, worst %.0f", Stats.median(ms), Stats.quantile(ms, 0.9),
                Stats.max(ms));
        Out.line("  each onset, ms: %s", Stats.list(ms));
        Out.line("  triggering frame, frames after the onset frame: median %.0f, worst %.0f (each: %s)",
                Stats.median(onsets.frameOffsets()), Stats.max(onsets.frameOffsets()), Stats.list(onsets.frameOffsets()));
        Out.line("  the service's own frameToOutputMs (rule-fired): median %.0f, worst %.0f",
                Stats.median(onsets.serviceMs()), Stats.max(onsets.serviceMs()));
        List<Double> detection = new ArrayList<>();
        events.stream().filter(e -> e.type().equals("face-detected"))
                .filter(e -> e.get("detectionMs") instanceof Number)
                .forEach(e -> detection.add(((Number) e.get("detectionMs")).doubleValue()));
        Out.line("  detection with a face (face-detected detectionMs, decode included): median %.0f ms over %d",
                Stats.median(detection), detection.size());
        Out.line("  camera counters (GET /status; reconnects include the tries before ffmpeg listened): %s",
                CameraCounters.of(status));
        Out.line("  RSS at the end of the stream: %.0f MB (VmHWM %.0f MB)", memory.mb(), Out.mb(memory.vmHwm()));
    }
}
