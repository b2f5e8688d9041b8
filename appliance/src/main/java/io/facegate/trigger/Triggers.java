package io.facegate.trigger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.facegate.admission.Admission;
import io.facegate.camera.Camera;
import io.facegate.config.TriggerConfig;
import io.facegate.detect.DetectionProfile;
import io.facegate.gpio.Gpio;
import io.facegate.gpio.GpioException;
import io.facegate.gpio.Output;
import io.facegate.pipeline.FacePipeline;

/**
 * The one owner of the cameras, the GPIO lines and the event bus. Created first (so {@code /status} and
 * {@code /events} can be routed), then {@link #start}ed once the server listens: the lines first, at their initial
 * levels, then the cameras. {@link #stopOutputs()} drives every output to its shutdown level (a detection still in
 * flight then finds its output stopped) and tells the event subscribers; {@link #close()} then ends the event
 * streams and stops the cameras, so a slow camera cannot delay the safe state. A camera lost past its
 * {@code lost-after} drives the outputs of its rules idle at once (unless a rule says {@code on-camera-lost: keep}).
 */
public final class Triggers implements AutoCloseable, Camera.Listener, Output.Listener {

    private static final Logger LOG = Logger.getLogger(Triggers.class.getName());
    private static final DateTimeFormatter SNAPSHOT_NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);
    /** How long {@link #close()} lets event subscribers send what is queued (the shutdown changes) before ending. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    /** Opens the GPIO lines; production uses {@link Gpio#open(TriggerConfig.Gpio, Output.Listener, BiConsumer)}. */
    @FunctionalInterface
    public interface GpioOpener {
        Gpio open(TriggerConfig.Gpio config, Output.Listener outputs, BiConsumer<String, Optional<String>> inputs)
                throws GpioException;
    }

    private final TriggerConfig config;
    private final EventBus events = new EventBus();
    private final Map<String, Camera> cameras = new LinkedHashMap<>();
    private volatile Gpio gpio;
    private volatile RuleEngine rules;
    private final List<Consumer<Camera.Detected>> detectionListeners = new CopyOnWriteArrayList<>();
    private volatile Double lastFrameToOutputMs;
    private boolean closed;

    /** The cameras on {@code pipeline} with the detection {@code profile}, sharing {@code admission}; not started. */
    public Triggers(TriggerConfig config, FacePipeline pipeline, DetectionProfile profile, Admission admission) {
        this.config = config;
        config.cameras().values().forEach(c -> cameras.put(c.name(), new Camera(c, pipeline, profile, this, admission)));
    }

    /** Opens the lines, then starts the cameras. */
    public void start(GpioOpener opener) throws GpioException {
        gpio = opener.open(config.gpio(), this, this::input);
        rules = new RuleEngine(config.rules(), gpio, Clock.systemDefaultZone());
        cameras.values().forEach(Camera::start);
    }

    /** {@link #Triggers} then {@link #start}. */
    public static Triggers start(TriggerConfig config, FacePipeline pipeline, DetectionProfile profile,
                                 GpioOpener opener, Admission admission) throws GpioException {
        Triggers t = new Triggers(config, pipeline, profile, admission);
        t.start(opener);
        return t;
    }

    public EventBus events() {
        return events;
    }

    /** The lines, once started. */
    public Gpio gpio() {
        return gpio;
    }

    private void input(String name, Optional<String> camera) {
        LOG.fine(() -> "input " + name + " active: detecting now on " + camera.orElse("every camera"));
        cameras.values().stream().filter(c -> camera.map(c.name()::equals).orElse(true)).forEach(Camera::detectNow);
    }

    @Override
    public void stateChanged(String camera, Camera.State state, String detail) {
        events.publish("camera-state", Payloads.cameraState(camera, state, detail));
        if (state == Camera.State.LOST) {
            lost(camera, detail);
        }
    }

    /** The outputs of the rules reading only this camera (or any camera, when it is the only one) go idle. */
    private void lost(String camera, String detail) {
        List<String> released = new ArrayList<>();
        Gpio lines = gpio;
        for (TriggerConfig.Rule rule : config.rules().values()) {
            boolean reads = rule.camera().map(camera::equals).orElse(cameras.size() == 1);
            if (reads && rule.releaseOnCameraLost() && lines != null && !released.contains(rule.output())) {
                released.add(rule.output());
            }
        }
        LOG.warning(() -> "camera " + camera + " lost (" + detail + "); outputs driven idle: " + released);
        events.publish("camera-lost", Map.of("camera", camera, "detail", detail, "outputs", released));
        released.forEach(o -> lines.output(o).ifPresent(out -> out.release("camera-lost")));
    }

    @Override
    public void detected(Camera.Detected d) {
        if (!d.result().faces().isEmpty()) {
            events.publish("face-detected", Payloads.faceDetected(d));
        }
        boolean activated = false;
        for (RuleEngine.Firing f : rules.evaluate(d)) {
            Map<String, Object> data = Payloads.ruleFired(f, d);
            if (f.outcome() == Output.Outcome.ACTIVATED) {
                double ms = (System.nanoTime() - d.frame().arrivalNanos()) / 1e6;
                lastFrameToOutputMs = ms;
                data.put("frameToOutputMs", ms);
                activated = true;
            }
            events.publish("rule-fired", data);
        }
        if (activated) {
            config.cameras().get(d.camera()).snapshotDir().ifPresent(dir -> snapshot(dir, d));
        }
        for (Consumer<Camera.Detected> listener : detectionListeners) {
            try {
                listener.accept(d);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "detection listener failed on camera " + d.camera(), e);
            }
        }
    }

    /**
     * Calls {@code listener} with every examined frame, faces or none, after the rules have driven their outputs, on
     * the camera's detector thread: it must only hand the detection on (the status page, MQTT), never block.
     */
    public void addDetectionListener(Consumer<Camera.Detected> listener) {
        detectionListeners.add(listener);
    }

    /**
     * A pulse asked for from outside (an MQTT button): the output's own rules apply as for a rule's request
     * (cool-down, max-on, nothing after shutdown). Publishes a {@code command} event; empty for an unknown output.
     */
    public Optional<Output.Outcome> command(String output, String source) {
        Gpio lines = gpio;
        Optional<Output.Outcome> outcome = lines == null ? Optional.empty() : lines.output(output).map(Output::request);
        outcome.ifPresent(o -> events.publish("command", Map.of("output", output, "source", source,
                "outcome", o.name().toLowerCase().replace('_', '-'))));
        return outcome;
    }

    private static void snapshot(Path dir, Camera.Detected d) {
        Path file = dir.resolve(d.camera() + "-" + SNAPSHOT_NAME.format(d.frame().arrival()) + ".jpg");
        try {
            Path tmp = Files.createTempFile(dir, ".snapshot-", ".tmp");
            Files.write(tmp, d.frame().jpeg());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot write snapshot " + file, e);
        }
    }

    @Override
    public void changed(Output output, boolean active, String reason) {
        events.publish("output-changed", Payloads.outputChanged(output, active, reason));
    }

    public List<Camera.Status> cameraStatus() {
        return cameras.values().stream().map(Camera::status).toList();
    }

    /** Cameras and outputs for {@code GET /status}. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("cameras", cameraStatus());
        Gpio lines = gpio;
        status.put("outputs", lines == null ? List.of() : lines.outputStatus());
        status.put("inputs", lines == null ? List.of() : lines.inputs());
        Double latency = lastFrameToOutputMs;
        if (latency != null) {
            status.put("lastFrameToOutputMs", latency);
        }
        return status;
    }

    /**
     * Drives every output to its shutdown level and releases the lines; the changes go to the event subscribers.
     * Later requests are ignored. Idempotent.
     */
    public void stopOutputs() {
        Gpio lines = gpio;
        if (lines != null) {
            lines.close();
        }
    }

    /** Ends the event streams once their subscribers have sent what is queued, waiting at most {@link #DRAIN}. */
    public void endEvents() {
        events.close(DRAIN);
    }

    /** {@link #stopOutputs()}, {@link #endEvents()}, then stops every camera. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopOutputs();
        } finally {
            endEvents();
            for (Camera c : cameras.values()) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "camera " + c.name() + " close", e);
                }
            }
        }
    }
}
