package io.facegate.trigger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
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
import io.facegate.face.Face;
import io.facegate.gpio.Gpio;
import io.facegate.gpio.GpioException;
import io.facegate.gpio.Output;
import io.facegate.pipeline.FacePipeline;

/**
 * The one owner of the cameras, the GPIO lines and the event bus. Starts the lines first (at their initial levels)
 * and the cameras after; {@link #close()} drives every output to its shutdown level first (a detection still in
 * flight then finds its output stopped), then stops the cameras, so a slow camera cannot delay the safe state.
 */
public final class Triggers implements AutoCloseable, Camera.Listener, Output.Listener {

    private static final Logger LOG = Logger.getLogger(Triggers.class.getName());
    private static final DateTimeFormatter SNAPSHOT_NAME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss.SSS").withZone(ZoneOffset.UTC);

    /** Opens the GPIO lines; production uses {@link Gpio#open(TriggerConfig.Gpio, Output.Listener, BiConsumer)}. */
    @FunctionalInterface
    public interface GpioOpener {
        Gpio open(TriggerConfig.Gpio config, Output.Listener outputs, BiConsumer<String, Optional<String>> inputs)
                throws GpioException;
    }

    private final TriggerConfig config;
    private final EventBus events = new EventBus();
    private final Map<String, Camera> cameras = new LinkedHashMap<>();
    private Gpio gpio;
    private RuleEngine rules;
    private final List<Consumer<Camera.Detected>> detectionListeners = new CopyOnWriteArrayList<>();
    private volatile Double lastFrameToOutputMs;
    private boolean closed;

    private Triggers(TriggerConfig config) {
        this.config = config;
    }

    /**
     * Opens the lines, then starts every camera on {@code pipeline} with the detection {@code profile}, sharing
     * {@code admission} with the API.
     */
    public static Triggers start(TriggerConfig config, FacePipeline pipeline, DetectionProfile profile,
                                 GpioOpener opener, Admission admission) throws GpioException {
        Triggers t = new Triggers(config);
        t.gpio = opener.open(config.gpio(), t, t::input);
        t.rules = new RuleEngine(config.rules(), t.gpio, Clock.systemDefaultZone());
        config.cameras().values().forEach(c -> t.cameras.put(c.name(),
                new Camera(c, pipeline, profile, t, admission)));
        t.cameras.values().forEach(Camera::start);
        return t;
    }

    public EventBus events() {
        return events;
    }

    public Gpio gpio() {
        return gpio;
    }

    private void input(String name, Optional<String> camera) {
        LOG.fine(() -> "input " + name + " active: detecting now on " + camera.orElse("every camera"));
        cameras.values().stream().filter(c -> camera.map(c.name()::equals).orElse(true)).forEach(Camera::detectNow);
    }

    @Override
    public void stateChanged(String camera, Camera.State state, String detail) {
        events.publish("camera-state", Map.of("camera", camera, "state", state.name().toLowerCase(), "detail", detail));
    }

    @Override
    public void detected(Camera.Detected d) {
        if (!d.result().faces().isEmpty()) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("camera", d.camera());
            data.put("frame", d.frame().seq());
            data.put("frameTime", d.frame().arrival().toString());
            data.put("width", d.result().width());
            data.put("height", d.result().height());
            data.put("detectionMs", d.detectNanos() / 1e6);
            data.put("faces", d.result().faces().stream().map(Triggers::face).toList());
            events.publish("face-detected", data);
        }
        boolean activated = false;
        for (RuleEngine.Firing f : rules.evaluate(d)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("rule", f.rule().name());
            data.put("camera", d.camera());
            data.put("frame", d.frame().seq());
            data.put("faces", f.faces());
            data.put("output", f.rule().output());
            data.put("outcome", f.outcome().name().toLowerCase().replace('_', '-'));
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
        Optional<Output.Outcome> outcome = gpio.output(output).map(Output::request);
        outcome.ifPresent(o -> events.publish("command", Map.of("output", output, "source", source,
                "outcome", o.name().toLowerCase().replace('_', '-'))));
        return outcome;
    }

    /** A face in an event: its score (0..1) and box as fractions of the frame. */
    private static Map<String, Object> face(Face f) {
        Face.Box b = f.box();
        Map<String, Object> box = new LinkedHashMap<>();
        box.put("left", b.left());
        box.put("top", b.top());
        box.put("width", b.width());
        box.put("height", b.height());
        return Map.of("score", f.score(), "box", box);
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
        boolean high = active != output.config().activeLow();
        events.publish("output-changed", Map.of("output", output.name(), "active", active,
                "level", Output.Status.level(high), "reason", reason));
    }

    public List<Camera.Status> cameraStatus() {
        return cameras.values().stream().map(Camera::status).toList();
    }

    /** Cameras and outputs for {@code GET /status}. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("cameras", cameraStatus());
        status.put("outputs", gpio.outputStatus());
        status.put("inputs", gpio.inputs());
        Double latency = lastFrameToOutputMs;
        if (latency != null) {
            status.put("lastFrameToOutputMs", latency);
        }
        return status;
    }

    /** Drives every output to its shutdown level, stops every camera, ends the event streams. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            gpio.close();
        } finally {
            for (Camera c : cameras.values()) {
                try {
                    c.close();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "camera " + c.name() + " close", e);
                }
            }
            events.close();
        }
    }
}
