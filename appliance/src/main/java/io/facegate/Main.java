package io.facegate;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.facegate.admission.Admission;
import io.facegate.api.HttpDate;
import io.facegate.api.ProtocolErrors;
import io.facegate.api.RekognitionService;
import io.facegate.api.S3Buckets;
import io.facegate.api.SignedAccess;
import io.facegate.api.StatusService;
import io.facegate.auth.BrowserSessions;
import io.facegate.auth.CredentialsFile;
import io.facegate.auth.SigV4Verifier;
import io.facegate.camera.Camera;
import io.facegate.config.ConfigException;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.detect.DetectionProfile;
import io.facegate.gpio.Gpio;
import io.facegate.gpio.GpioException;
import io.facegate.gpio.Output;
import io.facegate.model.ModelException;
import io.facegate.model.ModelRegistry;
import io.facegate.observe.DetectorProbe;
import io.facegate.observe.PipelineMetrics;
import io.facegate.observe.ShutdownSafeLogManager;
import io.facegate.pipeline.FacePipeline;
import io.facegate.mqtt.MqttBridge;
import io.facegate.mqtt.MqttSetupException;
import io.facegate.trigger.EventsService;
import io.facegate.trigger.Triggers;
import io.facegate.ops.NotifyException;
import io.facegate.ops.SystemdNotifier;
import io.facegate.ops.WaitReady;
import io.facegate.ui.FramesService;
import io.facegate.ui.LastFrames;
import io.facegate.ui.PageService;
import io.facegate.ui.SessionService;
import io.facegate.webhook.Webhooks;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.logging.common.LogConfig;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/** Wires the appliance: config, models, detector, HTTP. Usage: {@code java -jar facegate.jar [--config FILE]}. */
public final class Main {

    static {
        // Before the first logger: the service's log lines must outlive the JDK's own shutdown hook.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
        }
    }

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        FacegateConfig config;
        Optional<SigV4Verifier> verifier;
        try {
            config = ConfigLoader.load(configFile(args), jarDir().resolve("models"));
            verifier = checkFiles(config);
        } catch (ConfigException e) {
            System.err.println("facegate: " + e.getMessage());
            System.exit(2);
            return;
        }
        ModelRegistry models;
        try {
            models = ModelRegistry.load(config.models());
        } catch (ModelException e) {
            System.err.println("facegate: " + e.getMessage());
            System.exit(3);
            return;
        }
        Appliance appliance;
        try {
            appliance = start(config, models, verifier, Gpio::open);
        } catch (TriggersFailed e) {
            System.err.println("facegate: " + e.getMessage());
            models.close();
            System.exit(4);
            return;
        } catch (CannotListen e) {
            System.err.println("facegate: " + e.getMessage());
            models.close();
            System.exit(6);
            return;
        } catch (ConfigException e) {
            System.err.println("facegate: " + e.getMessage());
            models.close();
            System.exit(2);
            return;
        }
        SystemdNotifier systemd;
        try {
            systemd = SystemdNotifier.start(System.getenv(),
                    WaitReady.localUri(config.server().host(), appliance.port(), "/observe/health"));
        } catch (NotifyException e) {
            System.err.println("facegate: cannot notify systemd: " + e.getMessage());
            appliance.stop();
            models.close();
            System.exit(5);
            return;
        }
        Runtime.getRuntime().addShutdownHook(shutdownHook(systemd, appliance, models));
        LOG.info(() -> "facegate " + version() + " serving DetectFaces on http://" + config.server().host() + ":"
                + appliance.port());
    }

    /**
     * Tells systemd the service is stopping (which also ends the watchdog pings), stops the server (which stops the
     * cameras and drives every output to its shutdown level), then closes the models. The only shutdown hook:
     * Helidon's and Pi4J's own are turned off so that this order holds on SIGTERM.
     */
    public static Thread shutdownHook(SystemdNotifier systemd, Appliance appliance, ModelRegistry models) {
        return new Thread(() -> {
            try {
                systemd.close();
                appliance.stop();
                models.close();
                LOG.info("facegate stopped");
            } finally {
                ShutdownSafeLogManager.finish();
            }
        }, "facegate-shutdown");
    }

    /** Starts the server on the configured host and port (0 picks a free port). */
    public static Appliance start(FacegateConfig config, ModelRegistry models) {
        return start(config, models, Gpio::open);
    }

    /**
     * What the configuration names on disk, checked by the code that uses it: the credentials file (read into the
     * SigV4 verifier when authentication is on), the S3 bucket folders, the camera folders. Every problem at once.
     */
    static Optional<SigV4Verifier> checkFiles(FacegateConfig config) {
        List<String> problems = new ArrayList<>(S3Buckets.problems(config.s3Buckets()));
        config.triggers().cameras().values().forEach(c -> problems.addAll(Camera.problems(c)));
        config.integrations().mqtt().ifPresent(m -> problems.addAll(MqttBridge.problems(m)));
        problems.addAll(Webhooks.problems(config.integrations().webhooks()));
        Optional<SigV4Verifier> verifier = Optional.empty();
        if (config.auth().enabled()) {
            try {
                verifier = Optional.of(new SigV4Verifier(CredentialsFile.read(config.auth().credentialsFile()
                        .orElseThrow()), "rekognition", Clock.systemUTC()));
            } catch (CredentialsFile.CredentialsException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return verifier;
    }

    /** The listener could not bind its address; nothing else was started. */
    public static final class CannotListen extends RuntimeException {
        CannotListen(String message) {
            super(message);
        }
    }

    /** The GPIO lines could not be claimed; the listener was closed again, no camera was started. */
    public static final class TriggersFailed extends RuntimeException {
        TriggersFailed(GpioException e) {
            super(e.getMessage(), e);
        }
    }

    /**
     * Starts the server, then (only once it listens) the GPIO lines of {@code config}, opened by {@code gpio}, and
     * its cameras. {@link Appliance#stop()} drives every output to its shutdown level first.
     *
     * @throws CannotListen when the listener cannot bind (port in use): nothing is left running
     * @throws TriggersFailed when the lines cannot be claimed: nothing is left running
     */
    public static Appliance start(FacegateConfig config, ModelRegistry models, Triggers.GpioOpener gpio) {
        return start(config, models, checkFiles(config), gpio);
    }

    private static Appliance start(FacegateConfig config, ModelRegistry models, Optional<SigV4Verifier> verifier,
                                   Triggers.GpioOpener gpio) {
        FacePipeline pipeline = FacePipeline.create(config, models);
        DetectionProfile detection = DetectionProfile.of(config.detector());
        DetectorProbe probe = new DetectorProbe(pipeline.probe(detection), Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        // One admission for API requests and camera frames: requests queue, frames take only idle slots.
        Admission admission = new Admission(config.admission().maxConcurrent(), config.admission().maxQueued(),
                config.admission().queueTimeout());
        Triggers triggers = new Triggers(config.triggers(), pipeline, detection, admission);
        PipelineMetrics metrics = new PipelineMetrics(Metrics.globalRegistry());
        Integrations integrations = Integrations.attach(config.integrations(), triggers, verifier);
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .addCheck(() -> HealthCheckResponse.builder().status(true).detail("models", models.loaded().size()).build(),
                        HealthCheckType.READINESS, "models")
                .addCheck(probe::readiness, HealthCheckType.READINESS, "detector")
                .addCheck(probe::liveness, HealthCheckType.LIVENESS, "detector-hung")
                .build();
        WebServer server = WebServer.builder()
                .config(config.server().helidon())
                .maxPayloadSize(RekognitionService.drainLimit(config.server()))
                .directHandlers(ProtocolErrors.HANDLERS)
                .featuresDiscoverServices(false)
                .shutdownHook(false)
                .addFeature(ObserveFeature.just(health, MetricsObserver.create()))
                .routing(routing -> routing(routing, config, models, pipeline, triggers, admission, verifier, metrics,
                        integrations.sessions(), integrations.frames(), integrations::status))
                .build()
                .start();
        if (!server.isRunning() || server.port() < 0) {
            server.stop();
            integrations.close();
            throw new CannotListen("cannot listen on " + config.server().host() + ":" + config.server().port()
                    + " (is another service using the port? set server.port or server.host)");
        }
        try {
            triggers.start(gpio);
        } catch (GpioException e) {
            server.stop();
            integrations.close();
            throw new TriggersFailed(e);
        }
        measure(metrics, models, admission, triggers);
        Appliance appliance = new Appliance(server, triggers, metrics, List.of(integrations));
        try {
            integrations.startMqtt(version());
        } catch (MqttSetupException e) {
            appliance.stop();
            throw new ConfigException(List.of(e.getMessage()));
        }
        return appliance;
    }

    /** Publishes the gauges of the parts that own the figures; {@link PipelineMetrics#close} removes them. */
    private static void measure(PipelineMetrics metrics, ModelRegistry models, Admission admission,
                                Triggers triggers) {
        models.loaded().forEach(m -> metrics.modelLoaded(m.name(), m.loadTime()));
        metrics.gauge("facegate.admission.queued", "Requests waiting for a detector slot", admission::queued);
        metrics.gauge("facegate.admission.in.use", "Detector slots taken by requests and camera frames",
                admission::inUse);
        for (Camera.Status camera : triggers.cameraStatus()) {
            String name = camera.name();
            frames(metrics, triggers, name, "in", Camera.Status::framesIn);
            frames(metrics, triggers, name, "processed", Camera.Status::framesProcessed);
            frames(metrics, triggers, name, "dropped", Camera.Status::framesDropped);
            frames(metrics, triggers, name, "bad", Camera.Status::badFrames);
        }
        for (Output.Status output : triggers.gpio().outputStatus()) {
            String name = output.name();
            metrics.gauge("facegate.gpio.activations", "Times the output was driven active",
                    () -> triggers.gpio().outputStatus().stream().filter(o -> o.name().equals(name))
                            .mapToLong(Output.Status::activations).sum(),
                    Metrics.tag("output", name));
        }
    }

    private static void frames(PipelineMetrics metrics, Triggers triggers, String camera, String kind,
                               java.util.function.ToLongFunction<Camera.Status> count) {
        metrics.gauge("facegate.camera.frames", "Frames of one camera by kind: in, processed, dropped, bad",
                () -> triggers.cameraStatus().stream().filter(c -> c.name().equals(camera)).mapToLong(count).sum(),
                Metrics.tag("camera", camera), Metrics.tag("kind", kind));
    }

    /**
     * {@code POST /} is DetectFaces; {@code GET /} the status page, whose data ({@code /status}, {@code /events},
     * {@code /ui/frames}, {@code /ui/preview/<camera>}) each need their action when SigV4 is on, signed or through a
     * browser session opened at {@code /ui/session}.
     */
    static void routing(HttpRouting.Builder routing, FacegateConfig config, ModelRegistry models,
                        FacePipeline pipeline, Triggers triggers, Admission admission,
                        Optional<SigV4Verifier> verifier, PipelineMetrics metrics,
                        Optional<BrowserSessions> sessions, LastFrames frames, Supplier<Map<String, Object>> live) {
        PageService page = new PageService();
        routing.addFilter(HttpDate.FILTER)
                .any("/status", SignedAccess.of(verifier, sessions, "facegate:GetStatus"))
                .any("/events", SignedAccess.of(verifier, sessions, "facegate:GetEvents"))
                .any("/ui/frames", SignedAccess.of(verifier, sessions, "facegate:GetStatus"))
                .any("/ui/preview/*", SignedAccess.of(verifier, sessions, "facegate:GetPreview"))
                .register("/status", new StatusService(version(), models, live))
                .register("/events", new EventsService(triggers))
                .register("/ui", page, new SessionService(verifier, sessions), new FramesService(frames))
                .get("/", page::index)
                .register("/", new RekognitionService(config, pipeline, admission, verifier, metrics));
    }

    static String version() {
        return Optional.ofNullable(Main.class.getPackage().getImplementationVersion()).orElse("dev");
    }

    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        String env = System.getenv("FACEGATE_CONFIG");
        return env == null || env.isBlank() ? null : Path.of(env);
    }

    /** The folder of facegate.jar (or of the classes folder when run from an IDE). */
    private static Path jarDir() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            return Path.of(".");
        }
    }
}
