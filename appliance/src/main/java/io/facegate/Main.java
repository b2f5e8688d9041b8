package io.facegate;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;

import io.facegate.api.RekognitionService;
import io.facegate.api.StatusService;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.Heads;
import io.facegate.config.ConfigException;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.FaceDetector;
import io.facegate.model.ModelException;
import io.facegate.model.ModelRegistry;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;

/** Wires the appliance: config, models, detector, HTTP. Usage: {@code java -jar facegate.jar [--config FILE]}. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        FacegateConfig config;
        try {
            config = ConfigLoader.load(configFile(args), jarDir().resolve("models"));
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
        WebServer server = start(config, models);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            models.close();
        }, "facegate-shutdown"));
        LOG.info(() -> "facegate " + version() + " serving DetectFaces on http://" + config.server().host() + ":"
                + server.port());
    }

    /** Starts the server on the configured host and port (0 picks a free port). */
    public static WebServer start(FacegateConfig config, ModelRegistry models) {
        FaceDetector detector = new FaceDetector(new BlazeFace(models.detector()),
                models.nearDetector().map(BlazeFace::new), config.detector());
        HealthObserver health = HealthObserver.builder()
                .details(true)
                .addCheck(() -> HealthCheckResponse.builder().status(true).detail("models", models.loaded().size()).build(),
                        HealthCheckType.READINESS, "models")
                .build();
        return WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                .featuresDiscoverServices(false)
                .addFeature(ObserveFeature.just(health))
                .routing(routing -> routing(routing, config, models, detector))
                .build()
                .start();
    }

    static void routing(HttpRouting.Builder routing, FacegateConfig config, ModelRegistry models, FaceDetector detector) {
        routing.register("/status", new StatusService(version(), models))
                .register("/", new RekognitionService(config, detector, models.attributeModels()
                        .map(m -> new FaceAnalyzer(m, Heads.load()))));
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
