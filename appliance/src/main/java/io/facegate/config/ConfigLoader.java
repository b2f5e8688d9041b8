package io.facegate.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;

/**
 * Builds {@link FacegateConfig} from, in rising priority: {@code application.yaml} in the jar, an optional file
 * ({@code --config FILE} or env {@code FACEGATE_CONFIG}), environment variables ({@code SERVER_PORT} sets
 * {@code server.port}) and system properties ({@code -Dserver.port=8081}).
 *
 * <p>Every key is checked before anything starts; all problems are reported together. Keys that no part of the
 * appliance reads are errors too (a typo must not silently fall back to a default).
 */
public final class ConfigLoader {

    /** Top-level sections this appliance owns; system properties under them are checked like file keys. */
    private static final Set<String> SECTIONS = Set.of("server", "models", "detector", "images", "s3", "auth", "admission",
            "cameras", "gpio", "rules");

    private static final Set<String> KNOWN_KEYS = Set.of(
            "server.host", "server.port", "server.max-request-bytes", "server.body-timeout-ms",
            "models.dir", "models.detector", "models.near-detector", "models.intra-op-threads",
            "models.precision", "models.int8-variant", "models.attributes",
            "detector.min-confidence", "detector.nms-iou", "detector.max-faces", "detector.tile-grid",
            "detector.tile-overlap", "detector.tile-above-pixels",
            "images.min-side", "images.max-pixels",
            "auth.enabled", "auth.credentials-file",
            "admission.max-concurrent", "admission.max-queued", "admission.queue-timeout-ms", "admission.key-rate",
            "admission.key-burst");

    private static final String BUCKET_PREFIX = "s3.buckets.";

    private ConfigLoader() {
    }

    /** Loads from the standard sources; {@code configFile} may be null. */
    public static FacegateConfig load(Path configFile, Path defaultModelsDir) {
        List<ConfigSource> fileSources = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (configFile != null) {
            if (Files.isRegularFile(configFile)) {
                fileSources.add(ConfigSources.file(configFile).build());
            } else {
                problems.add("config file " + configFile + " does not exist or is not a file");
            }
        }
        fileSources.add(ConfigSources.classpath("application.yaml").build());

        Config files = Config.just(fileSources.toArray(ConfigSource[]::new));
        List<ConfigSource> all = new ArrayList<>();
        all.add(ConfigSources.systemProperties().build());
        all.add(ConfigSources.environmentVariables());
        all.addAll(fileSources);
        Config merged = Config.just(all.toArray(ConfigSource[]::new));

        Set<String> keys = new java.util.TreeSet<>();
        files.traverse().filter(Config::isLeaf).forEach(node -> keys.add(node.key().toString()));
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> SECTIONS.contains(k.split("\\.", 2)[0]))
                .forEach(keys::add);
        return new Reader(merged, problems).read(keys, defaultModelsDir);
    }

    /** Reads typed values, collecting problems instead of failing on the first. */
    private static final class Reader {
        private final Config config;
        private final List<String> problems;

        Reader(Config config, List<String> problems) {
            this.config = config;
            this.problems = problems;
        }

        FacegateConfig read(Set<String> presentKeys, Path defaultModelsDir) {
            for (String key : presentKeys) {
                boolean bucket = key.startsWith(BUCKET_PREFIX) && key.length() > BUCKET_PREFIX.length()
                        && !key.substring(BUCKET_PREFIX.length()).contains(".");
                if (!KNOWN_KEYS.contains(key) && !bucket && !TriggerConfigReader.owns(key)) {
                    problems.add("unknown key '" + key + "'; known keys: " + new java.util.TreeSet<>(KNOWN_KEYS)
                            + " and s3.buckets.<name>");
                }
            }
            var server = new FacegateConfig.Server(
                    string("server.host"),
                    integer("server.port", 0, 65535),
                    integer("server.max-request-bytes", 1024, Integer.MAX_VALUE),
                    java.time.Duration.ofMillis(integer("server.body-timeout-ms", 100, 3_600_000)));
            var models = new FacegateConfig.Models(
                    optionalString("models.dir").map(Path::of).orElse(defaultModelsDir),
                    string("models.detector"),
                    optionalString("models.near-detector"),
                    integer("models.intra-op-threads", 0, 64),
                    oneOf("models.precision", Set.of("int8", "fp32")),
                    oneOf("models.int8-variant", Set.of("auto", "arm64", "x86-64")),
                    oneOf("models.attributes", Set.of("true", "false")).equals("true"));
            var detector = new FacegateConfig.Detector(
                    decimal("detector.min-confidence", 0.0, 1.0),
                    decimal("detector.nms-iou", 0.05, 0.95),
                    integer("detector.max-faces", 1, 100),
                    integer("detector.tile-grid", 0, 4),
                    decimal("detector.tile-overlap", 0.0, 0.5),
                    integer("detector.tile-above-pixels", 1, 100_000));
            var images = new FacegateConfig.Images(
                    integer("images.min-side", 1, 10_000),
                    (long) integer("images.max-pixels", 6_400, Integer.MAX_VALUE));
            Map<String, Path> buckets = new TreeMap<>();
            Config bucketNode = config.get("s3.buckets");
            bucketNode.asMap().orElse(Map.of()).forEach((key, value) -> {
                String name = key.substring(BUCKET_PREFIX.length());
                if (!name.matches("[0-9A-Za-z.\\-_]{3,255}")) {
                    problems.add("s3.buckets." + name + ": a bucket name has 3..255 characters of [0-9A-Za-z.-_]");
                }
                Path dir = Path.of(value);
                if (!Files.isDirectory(dir)) {
                    problems.add("s3.buckets." + name + ": folder '" + value + "' does not exist");
                }
                buckets.put(name, dir);
            });
            var triggers = new TriggerConfigReader(config, problems).read(presentKeys.stream()
                    .filter(TriggerConfigReader::owns).collect(java.util.stream.Collectors.toSet()));
            var auth = auth(server.host());
            var admission = admission(models.intraOpThreads());
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new FacegateConfig(server, models, detector, images, Map.copyOf(buckets), triggers, auth, admission);
        }

        /**
         * {@code auth.enabled}: {@code auto} (on when the listener is not loopback-only or a credentials file is
         * given), {@code true}, or {@code false}, which is refused for a listener beyond loopback.
         */
        private FacegateConfig.Auth auth(String host) {
            String mode = optionalString("auth.enabled").orElse("auto").trim().toLowerCase(java.util.Locale.ROOT);
            Optional<Path> file = optionalString("auth.credentials-file").map(Path::of);
            boolean loopback = isLoopback(host);
            boolean enabled = switch (mode) {
                case "true" -> true;
                case "false" -> {
                    if (!loopback) {
                        problems.add("auth.enabled: false is refused while server.host '" + host
                                + "' is not loopback; SigV4 is required beyond loopback");
                    }
                    yield false;
                }
                case "auto" -> !loopback || file.isPresent();
                default -> {
                    problems.add("auth.enabled: '" + mode + "' is not one of auto, true, false");
                    yield false;
                }
            };
            Map<String, io.facegate.auth.AccessKey> keys = Map.of();
            if (enabled) {
                if (file.isEmpty()) {
                    problems.add("auth.credentials-file: missing; SigV4 is on" + (loopback ? ""
                            : " because server.host '" + host + "' is not loopback") + " and needs the access keys");
                } else {
                    try {
                        keys = io.facegate.auth.CredentialsFile.read(file.get());
                    } catch (io.facegate.auth.CredentialsFile.CredentialsException e) {
                        problems.addAll(e.problems());
                    }
                }
            }
            return new FacegateConfig.Auth(enabled, file, keys);
        }

        /** {@code auto} concurrency is the cores divided by the ONNX threads per inference; {@code auto} queue equals it. */
        private FacegateConfig.Admission admission(int intraOpThreads) {
            int cores = Runtime.getRuntime().availableProcessors();
            int concurrent = autoOr("admission.max-concurrent", 1, 256,
                    Math.max(1, cores / Math.max(1, intraOpThreads)));
            int queued = autoOr("admission.max-queued", 0, 10_000, concurrent);
            return new FacegateConfig.Admission(concurrent, queued,
                    java.time.Duration.ofMillis(integer("admission.queue-timeout-ms", 0, 600_000)),
                    decimal("admission.key-rate", 0.0, 100_000.0),
                    integer("admission.key-burst", 1, 100_000));
        }

        private int autoOr(String key, int min, int max, int auto) {
            if (optionalString(key).map(v -> v.trim().equals("auto")).orElse(false)) {
                return auto;
            }
            return integer(key, min, max);
        }

        private static boolean isLoopback(String host) {
            String h = host.trim().toLowerCase(java.util.Locale.ROOT);
            return h.equals("localhost") || h.equals("::1") || h.equals("[::1]") || h.equals("0:0:0:0:0:0:0:1")
                    || h.matches("127(\\.\\d{1,3}){3}");
        }

        private Optional<String> optionalString(String key) {
            return config.get(key).asString().asOptional().filter(s -> !s.isBlank());
        }

        private String string(String key) {
            return optionalString(key).orElseGet(() -> {
                problems.add(key + ": missing");
                return "";
            });
        }

        private int integer(String key, int min, int max) {
            return parse(key, Integer::parseInt, v -> v >= min && v <= max, "a whole number in " + min + ".." + max, 0);
        }

        private String oneOf(String key, Set<String> allowed) {
            return parse(key, s -> s, allowed::contains, "one of " + new java.util.TreeSet<>(allowed), "");
        }

        private double decimal(String key, double min, double max) {
            return parse(key, Double::parseDouble, v -> v >= min && v <= max, "a number in " + min + ".." + max, 0.0);
        }

        private <T> T parse(String key, Function<String, T> parser, java.util.function.Predicate<T> valid,
                            String expected, T fallback) {
            Optional<String> raw = optionalString(key);
            if (raw.isEmpty()) {
                problems.add(key + ": missing; expected " + expected);
                return fallback;
            }
            try {
                T value = parser.apply(raw.get().trim());
                if (valid.test(value)) {
                    return value;
                }
            } catch (NumberFormatException ignored) {
                // reported below with the expected form
            }
            problems.add(key + ": '" + raw.get() + "' is not " + expected);
            return fallback;
        }
    }

}
