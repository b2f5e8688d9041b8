package io.facegate.config;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.helidon.config.Config;

/** Reads the service's sections of {@link FacegateConfig} (all but cameras, GPIO and rules) from declared keys. */
final class FacegateConfigReader {

    private static final String BUCKET_PREFIX = "s3.buckets.";

    private FacegateConfigReader() {
    }

    static FacegateConfig read(ConfigReader r, Config merged, Set<String> given, Path defaultModelsDir) {
        var server = new FacegateConfig.Server(r.get(Keys.SERVER_HOST), orZero(r.get(Keys.SERVER_PORT)),
                orZero(r.get(Keys.SERVER_MAX_PAYLOAD_SIZE)), r.get(Keys.SERVER_BODY_TIMEOUT), merged.get("server"));
        var models = new FacegateConfig.Models(r.optional(Keys.MODELS_DIR).orElse(defaultModelsDir),
                r.get(Keys.MODELS_DETECTOR), r.optional(Keys.MODELS_NEAR_DETECTOR),
                orZero(r.get(Keys.MODELS_INTRA_OP_THREADS)), r.get(Keys.MODELS_PRECISION),
                r.get(Keys.MODELS_INT8_VARIANT), Boolean.TRUE.equals(r.get(Keys.MODELS_ATTRIBUTES)));
        var detector = new FacegateConfig.Detector(orZero(r.get(Keys.DETECTOR_MIN_CONFIDENCE)),
                orZero(r.get(Keys.DETECTOR_NMS_IOU)), orZero(r.get(Keys.DETECTOR_MAX_FACES)),
                orZero(r.get(Keys.DETECTOR_TILE_GRID)), orZero(r.get(Keys.DETECTOR_TILE_OVERLAP)),
                orZero(r.get(Keys.DETECTOR_TILE_ABOVE_PIXELS)));
        var images = new FacegateConfig.Images(orZero(r.get(Keys.IMAGES_MIN_SIDE)), orZero(r.get(Keys.IMAGES_MAX_PIXELS)));
        var triggers = new TriggerConfigReader(r).read(given);
        var integrations = new IntegrationConfigReader(r).read(given);
        return new FacegateConfig(server, models, detector, images, buckets(r, merged), triggers,
                auth(r, server.host()), admission(r, models.intraOpThreads()), integrations);
    }

    private static Map<String, Path> buckets(ConfigReader r, Config merged) {
        Map<String, Path> buckets = new TreeMap<>();
        merged.get("s3.buckets").asMap().orElse(Map.of()).keySet().forEach(key -> {
            String name = key.substring(BUCKET_PREFIX.length());
            if (!name.matches("[0-9A-Za-z.\\-_]{3,255}")) {
                r.problem(key + ": a bucket name has 3..255 characters of [0-9A-Za-z.-_]");
            }
            Path folder = r.get(Keys.S3_BUCKET, name);
            if (folder != null) {
                buckets.put(name, folder);
            }
        });
        return Map.copyOf(buckets);
    }

    /** SigV4 is on beyond loopback or with a credentials file ({@code auto}); it cannot be off beyond loopback. */
    private static FacegateConfig.Auth auth(ConfigReader r, String host) {
        String mode = r.get(Keys.AUTH_ENABLED);
        var file = r.optional(Keys.AUTH_CREDENTIALS_FILE);
        boolean loopback = host != null && isLoopback(host);
        boolean enabled = switch (mode == null ? "auto" : mode) {
            case "true" -> true;
            case "false" -> {
                if (!loopback) {
                    r.problem("auth.enabled: false is refused while server.host '" + host
                            + "' is not loopback; SigV4 is required beyond loopback");
                }
                yield false;
            }
            default -> !loopback || file.isPresent();
        };
        if (enabled && file.isEmpty()) {
            r.problem("auth.credentials-file: missing; SigV4 is on" + (loopback ? ""
                    : " because server.host '" + host + "' is not loopback") + " and needs the access keys");
        }
        return new FacegateConfig.Auth(enabled, file);
    }

    /** {@code auto} concurrency is the cores divided by the ONNX threads per inference; {@code auto} queue equals it. */
    private static FacegateConfig.Admission admission(ConfigReader r, int intraOpThreads) {
        int cores = Runtime.getRuntime().availableProcessors();
        int concurrent = orAuto(r.get(Keys.ADMISSION_MAX_CONCURRENT), Math.max(1, cores / Math.max(1, intraOpThreads)));
        int queued = orAuto(r.get(Keys.ADMISSION_MAX_QUEUED), concurrent);
        return new FacegateConfig.Admission(concurrent, queued, r.get(Keys.ADMISSION_QUEUE_TIMEOUT),
                orZero(r.get(Keys.ADMISSION_KEY_RATE)), orZero(r.get(Keys.ADMISSION_KEY_BURST)));
    }

    static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.\\d{1,3}){3}");
    }

    private static int orAuto(java.util.Optional<Integer> value, int auto) {
        return value == null ? auto : value.orElse(auto);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
