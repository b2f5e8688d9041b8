package io.facegate.observe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.facegate.admission.Admission;
import io.facegate.camera.Camera;
import io.facegate.gpio.Output;
import io.facegate.trigger.Triggers;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;

/**
 * The appliance's meters in Helidon's global registry, served in Prometheus form at {@code GET /observe/metrics}:
 * <ul>
 *   <li>{@code facegate_requests_total{operation, outcome}}: outcome is {@code ok} or the error type;</li>
 *   <li>{@code facegate_stage_seconds{stage}}: a latency histogram per pipeline stage;</li>
 *   <li>{@code facegate_throttled_total}: requests refused by admission control;</li>
 *   <li>{@code facegate_model_load_seconds{model}}: how long each model took to load;</li>
 *   <li>{@code facegate_admission_queued}, {@code facegate_admission_in_use}: requests waiting for a detector slot
 *   and slots taken;</li>
 *   <li>{@code facegate_camera_frames{camera, kind}}: frames in, processed, dropped and bad, per camera;</li>
 *   <li>{@code facegate_gpio_activations{output}}: times each output was driven active.</li>
 * </ul>
 */
public final class PipelineMetrics {

    /** The stages of one request, in order. */
    public enum Stage {
        PARSE, FETCH, DECODE, DETECT, ATTRIBUTES;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Work that may throw a checked exception, as the stages do. */
    @FunctionalInterface
    public interface StageWork<T, E extends Exception> {
        T run() throws E;
    }

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private static final MeterRegistry REGISTRY = Metrics.globalRegistry();
    private static final Map<Stage, Timer> STAGES = new EnumMap<>(Stage.class);
    // Incremented by RekognitionService for ThrottlingException and ProvisionedThroughputExceededException.
    private static final Counter THROTTLED = REGISTRY.getOrCreate(Counter.builder("facegate.throttled")
            .description("Requests refused by admission control"));

    // The registry is global and keeps the first gauge of a name: gauges read the service started last.
    private static volatile Admission currentAdmission;
    private static volatile Triggers currentTriggers;

    private static final Map<String, Double> LOAD_SECONDS = new java.util.concurrent.ConcurrentHashMap<>();

    static {
        for (Stage stage : Stage.values()) {
            STAGES.put(stage, REGISTRY.getOrCreate(Timer.builder("facegate.stage")
                    .description("Time spent in one stage of a request")
                    .tags(java.util.List.of(Metrics.tag("stage", stage.tag())))
                    .buckets(BUCKETS)));
        }
    }

    private PipelineMetrics() {
    }

    /** Runs one stage of a request and records its duration, whether it completes or throws. */
    public static <T, E extends Exception> T time(Stage stage, StageWork<T, E> work) throws E {
        long start = System.nanoTime();
        try {
            return work.run();
        } finally {
            STAGES.get(stage).record(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** Counts one finished request; {@code outcome} is {@code ok} or the error type's name. */
    public static void request(String operation, String outcome) {
        REGISTRY.getOrCreate(Counter.builder("facegate.requests")
                .description("Requests by operation and outcome")
                .tags(java.util.List.of(Metrics.tag("operation", operation), Metrics.tag("outcome", outcome))))
                .increment();
    }

    public static Counter throttled() {
        return THROTTLED;
    }

    /** Publishes the detector's queue depth and slots in use. */
    public static void admission(Admission admission) {
        currentAdmission = admission;
        REGISTRY.getOrCreate(Gauge.builder("facegate.admission.queued", () -> (double) currentAdmission.queued())
                .description("Requests waiting for a detector slot"));
        REGISTRY.getOrCreate(Gauge.builder("facegate.admission.in.use", () -> (double) currentAdmission.inUse())
                .description("Detector slots taken by requests and camera frames"));
    }

    /** Publishes each camera's frame counters and each output's activations, read from their status. */
    public static void triggers(Triggers triggers) {
        currentTriggers = triggers;
        for (Camera.Status camera : triggers.cameraStatus()) {
            frames(camera.name(), "in", Camera.Status::framesIn);
            frames(camera.name(), "processed", Camera.Status::framesProcessed);
            frames(camera.name(), "dropped", Camera.Status::framesDropped);
            frames(camera.name(), "bad", Camera.Status::badFrames);
        }
        for (Output.Status output : triggers.gpio().outputStatus()) {
            String name = output.name();
            REGISTRY.getOrCreate(Gauge.builder("facegate.gpio.activations", () -> (double) currentTriggers.gpio()
                            .outputStatus().stream().filter(o -> o.name().equals(name))
                            .mapToLong(Output.Status::activations).sum())
                    .description("Times the output was driven active")
                    .tags(java.util.List.of(Metrics.tag("output", name))));
        }
    }

    private static void frames(String camera, String kind, java.util.function.ToLongFunction<Camera.Status> count) {
        REGISTRY.getOrCreate(Gauge.builder("facegate.camera.frames", () -> (double) currentTriggers.cameraStatus()
                        .stream().filter(c -> c.name().equals(camera)).mapToLong(count).sum())
                .description("Frames of one camera by kind: in, processed, dropped, bad")
                .tags(java.util.List.of(Metrics.tag("camera", camera), Metrics.tag("kind", kind))));
    }

    /** Publishes how long a model took to load (for the first model this includes ONNX Runtime's start-up). */
    public static void modelLoaded(String model, Duration took) {
        LOAD_SECONDS.put(model, took.toNanos() / 1e9);
        REGISTRY.getOrCreate(Gauge.builder("facegate.model.load.seconds", () -> LOAD_SECONDS.get(model))
                .description("Time to load and verify one model")
                .tags(java.util.List.of(Metrics.tag("model", model))));
    }
}
