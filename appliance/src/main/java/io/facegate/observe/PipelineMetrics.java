package io.facegate.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The appliance's meters, served in Prometheus form at {@code GET /observe/metrics}. One instance per running
 * service, created by {@code Main} and handed to what it measures; gauges read the live objects they were given
 * and are removed by {@link #close()}:
 * <ul>
 *   <li>{@code facegate_requests_total{operation, outcome}}: outcome is {@code ok} or the error type;</li>
 *   <li>{@code facegate_stage_seconds{stage}}: a latency histogram per stage of a request;</li>
 *   <li>{@code facegate_throttled_total}: requests refused by admission control;</li>
 *   <li>{@code facegate_model_load_seconds{model}}: how long each model took to load;</li>
 *   <li>{@code facegate_admission_queued}, {@code facegate_admission_in_use}: requests waiting for a detector slot
 *   and slots taken;</li>
 *   <li>{@code facegate_camera_frames{camera, kind}}: frames in, processed, dropped and bad, per camera;</li>
 *   <li>{@code facegate_gpio_activations{output}}: times each output was driven active.</li>
 * </ul>
 */
public final class PipelineMetrics implements AutoCloseable {

    /** The stages of one request, in order. */
    public enum Stage {
        PARSE, FETCH, DECODE, DETECT, ATTRIBUTES;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
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

    private final MeterRegistry registry;
    private final Map<Stage, Timer> stages = new EnumMap<>(Stage.class);
    private final Counter throttled;
    private final List<Meter> gauges = new ArrayList<>();

    /** Registers the counters and timers at once, so they are exported (at 0) before the first request. */
    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Stage stage : Stage.values()) {
            stages.put(stage, registry.getOrCreate(Timer.builder("facegate.stage")
                    .description("Time spent in one stage of a request")
                    .tags(List.of(Metrics.tag("stage", stage.tag())))
                    .buckets(BUCKETS)));
        }
        this.throttled = registry.getOrCreate(Counter.builder("facegate.throttled")
                .description("Requests refused by admission control"));
    }

    /** The global registry Helidon's metrics observer serves. */
    public static PipelineMetrics global() {
        return new PipelineMetrics(Metrics.globalRegistry());
    }

    /** Runs one stage of a request and records its duration, whether it completes or throws. */
    public <T, E extends Exception> T time(Stage stage, StageWork<T, E> work) throws E {
        long start = System.nanoTime();
        try {
            return work.run();
        } finally {
            record(stage, System.nanoTime() - start);
        }
    }

    /** Records a stage timed by the caller. */
    public void record(Stage stage, long nanos) {
        stages.get(stage).record(Duration.ofNanos(nanos));
    }

    /** Counts one finished request; {@code outcome} is {@code ok} or the error type's name. */
    public void request(String operation, String outcome) {
        registry.getOrCreate(Counter.builder("facegate.requests")
                .description("Requests by operation and outcome")
                .tags(List.of(Metrics.tag("operation", operation), Metrics.tag("outcome", outcome))))
                .increment();
    }

    /** Counts one request refused by admission control or the per-key rate. */
    public void throttled() {
        throttled.increment();
    }

    /** Publishes how long a model took to load (for the first model this includes ONNX Runtime's start-up). */
    public void modelLoaded(String model, Duration took) {
        double seconds = took.toNanos() / 1e9;
        gauge("facegate.model.load.seconds", "Time to load and verify one model", () -> seconds,
                Metrics.tag("model", model));
    }

    /** A gauge reading {@code value} until {@link #close()}, replacing any earlier gauge of the same name and tags. */
    public synchronized void gauge(String name, String description, DoubleSupplier value, Tag... tags) {
        registry.remove(name, List.of(tags));
        gauges.add(registry.getOrCreate(Gauge.builder(name, value::getAsDouble)
                .description(description)
                .tags(List.of(tags))));
    }

    /** Removes the gauges this instance registered (they would otherwise keep reading a stopped service). */
    @Override
    public synchronized void close() {
        gauges.forEach(registry::remove);
        gauges.clear();
    }
}
