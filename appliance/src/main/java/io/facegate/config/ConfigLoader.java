package io.facegate.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;

/**
 * Builds {@link FacegateConfig} from, in rising priority: {@code application.yaml} in the jar, an optional file
 * ({@code --config FILE} or env {@code FACEGATE_CONFIG}), environment variables ({@code SERVER_PORT} sets
 * {@code server.port}) and system properties ({@code -Dserver.port=8081}). Tests and tools pass their keys as a map
 * instead ({@link #fromKeys}).
 *
 * <p>Every key given is checked against {@link Keys} before anything starts, and all problems are reported together:
 * a key nobody reads is an error too (a typo must not silently fall back to a default). The old keys of
 * {@link Keys#DEPRECATED} still work, with a warning. Nothing here touches the file system beyond reading the
 * configuration itself: folders and the credentials file are checked by the code that uses them.
 */
public final class ConfigLoader {

    private static final Logger LOG = Logger.getLogger(ConfigLoader.class.getName());
    /** Top-level sections facegate owns; system properties under them are checked like file keys. */
    private static final Set<String> SECTIONS = Set.of("server", "models", "detector", "images", "s3", "auth",
            "admission", "cameras", "gpio", "rules", "ui", "mqtt", "webhooks");
    private static final Pattern COMMAND_ITEM = Pattern.compile("cameras\\.[^.]+\\.command\\.\\d+");

    private ConfigLoader() {
    }

    /** The production sources; {@code configFile} may be null. */
    public static FacegateConfig load(Path configFile, Path defaultModelsDir) {
        List<String> problems = new ArrayList<>();
        List<ConfigSource> user = new ArrayList<>();
        if (configFile != null) {
            if (Files.isRegularFile(configFile)) {
                user.add(ConfigSources.file(configFile).build());
            } else {
                problems.add("config file " + configFile + " does not exist or is not a file");
            }
        }
        Map<String, String> properties = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> SECTIONS.contains(k.split("\\.", 2)[0]))
                .forEach(k -> properties.put(k, System.getProperty(k)));
        return load(properties, user, List.of(ConfigSources.environmentVariables()), defaultModelsDir, problems);
    }

    /** {@code application.yaml} overridden by {@code keys} (dotted names, as in a properties file). */
    public static FacegateConfig fromKeys(Map<String, String> keys, Path defaultModelsDir) {
        return load(keys, List.of(), List.of(), defaultModelsDir, new ArrayList<>());
    }

    /** {@code application.yaml}, then {@code configFile}, then {@code keys}. */
    public static FacegateConfig fromFile(Path configFile, Map<String, String> keys, Path defaultModelsDir) {
        List<String> problems = new ArrayList<>();
        List<ConfigSource> user = new ArrayList<>();
        if (Files.isRegularFile(configFile)) {
            user.add(ConfigSources.file(configFile).build());
        } else {
            problems.add("config file " + configFile + " does not exist or is not a file");
        }
        return load(keys, user, List.of(), defaultModelsDir, problems);
    }

    /**
     * @param overrides  keys of the highest priority (system properties, or a test's map)
     * @param files      user files, highest priority first, every key of which is checked
     * @param unchecked  sources between the overrides and the files whose unknown keys are not errors (environment)
     */
    private static FacegateConfig load(Map<String, String> overrides, List<ConfigSource> files,
                                       List<ConfigSource> unchecked, Path defaultModelsDir, List<String> problems) {
        Set<String> given = new TreeSet<>(overrides.keySet());
        List<ConfigSource> readable = new ArrayList<>();
        for (ConfigSource file : files) {
            leaves(file.description().replaceAll("^FileConfig\\[(.*)]$", "$1"), () -> Config.just(file), problems).ifPresent(keys -> {
                given.addAll(keys);
                readable.add(file);
            });
        }
        files = readable;
        Map<String, String> replaced = replaceDeprecated(overrides, files, given, problems);
        List<ConfigSource> all = new ArrayList<>();
        all.add(ConfigSources.create(replaced).build());
        all.add(ConfigSources.create(overrides).build());
        all.addAll(unchecked);
        all.addAll(files);
        all.add(ConfigSources.classpath("application.yaml").build());
        Config merged = Config.just(all.toArray(ConfigSource[]::new));
        given.stream().filter(k -> !Keys.DEPRECATED.containsKey(k) && !known(k))
                .forEach(k -> problems.add(unknown(k)));
        ConfigReader reader = new ConfigReader(merged, problems);
        FacegateConfig config = FacegateConfigReader.read(reader, merged, given, defaultModelsDir);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** Every leaf key of a source; a syntax error becomes a problem (and no keys). */
    private static Optional<List<String>> leaves(String name, Supplier<Config> source, List<String> problems) {
        try {
            return Optional.of(source.get().traverse().filter(Config::isLeaf).map(n -> n.key().toString()).toList());
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            problems.add("cannot read " + name + ": " + cause.getMessage().trim().replaceAll("\\s+", " "));
            return Optional.empty();
        }
    }

    /** The new keys the deprecated ones given stand for, each with a warning. */
    private static Map<String, String> replaceDeprecated(Map<String, String> overrides, List<ConfigSource> files,
                                                         Set<String> given, List<String> problems) {
        Map<String, String> replaced = new LinkedHashMap<>();
        Config user = Config.just(java.util.stream.Stream.concat(
                java.util.stream.Stream.of(ConfigSources.create(overrides).build()), files.stream())
                .toArray(ConfigSource[]::new));
        Keys.DEPRECATED.forEach((old, alias) -> {
            if (!given.contains(old)) {
                return;
            }
            if (given.contains(alias.replacement())) {
                problems.add(old + ": replaced by " + alias.replacement() + ", which is also given; keep only "
                        + alias.replacement());
                return;
            }
            user.get(old).asString().asOptional().ifPresent(v -> replaced.put(alias.replacement(), alias.convert(v)));
            LOG.warning(() -> "config: " + old + " is deprecated; write " + alias.replacement() + ": "
                    + alias.convert(user.get(old).asString().orElse("")));
        });
        return replaced;
    }

    private static boolean known(String key) {
        if (key.startsWith("s3.buckets.") && key.length() > "s3.buckets.".length() || COMMAND_ITEM.matcher(key).matches()) {
            return true;
        }
        return Keys.ALL.stream().anyMatch(k -> matches(k, key));
    }

    private static boolean matches(ConfigKey<?> declared, String key) {
        if (!declared.isNamed()) {
            return declared.name().equals(key);
        }
        String[] pattern = declared.name().split("\\.");
        String[] parts = key.split("\\.");
        if (pattern.length != parts.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!pattern[i].equals(ConfigKey.NAME) && !pattern[i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /** "unknown key …", with the closest declared key when one is close. */
    static String unknown(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String[] parts = key.split("\\.");
        for (ConfigKey<?> declared : Keys.ALL) {
            String[] pattern = declared.name().split("\\.");
            StringBuilder candidate = new StringBuilder();
            for (int i = 0; i < pattern.length; i++) {
                candidate.append(i == 0 ? "" : ".").append(pattern[i].equals(ConfigKey.NAME) && i < parts.length
                        ? parts[i] : pattern[i]);
            }
            int d = distance(key.toLowerCase(Locale.ROOT), candidate.toString());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate.toString();
            }
        }
        String hint = best != null && bestDistance <= Math.max(2, key.length() / 5) ? "did you mean '" + best + "'? " : "";
        return "unknown key '" + key + "'; " + hint + "every key is listed in docs/configuration.md";
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    /** The named instances under {@code prefix} ({@code cameras.} → {@code [door, hall]}), from the keys given. */
    static Set<String> names(Set<String> given, String prefix) {
        Set<String> names = new TreeSet<>();
        for (String key : given) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        return names;
    }
}
