package io.facegate.config;

import java.util.List;
import java.util.Optional;

import io.helidon.config.Config;

/**
 * Reads declared keys from a merged Helidon {@link Config}, collecting a problem for every value that is missing or
 * not acceptable instead of failing on the first. A fixed key's default comes from the merged config
 * ({@code application.yaml}); a named key's from its declaration.
 */
final class ConfigReader {

    private final Config config;
    private final List<String> problems;

    ConfigReader(Config config, List<String> problems) {
        this.config = config;
        this.problems = problems;
    }

    List<String> problems() {
        return problems;
    }

    void problem(String problem) {
        problems.add(problem);
    }

    /** The raw text of a key, trimmed; empty when absent or blank. */
    Optional<String> raw(String key) {
        return config.get(key).asString().asOptional().map(String::trim).filter(s -> !s.isEmpty());
    }

    /** A fixed key that must have a value (its default is in application.yaml); null after a problem. */
    <T> T get(ConfigKey<T> key) {
        return read(key, key.name()).orElse(null);
    }

    /** A fixed key that may be absent. */
    <T> Optional<T> optional(ConfigKey<T> key) {
        return read(key, key.name());
    }

    /** A named key for one chosen name, its declared default when absent; null after a problem. */
    <T> T get(ConfigKey<T> key, String name) {
        return read(key, key.forName(name)).orElse(null);
    }

    /** A named optional key for one chosen name. */
    <T> Optional<T> optional(ConfigKey<T> key, String name) {
        return read(key, key.forName(name));
    }

    private <T> Optional<T> read(ConfigKey<T> key, String name) {
        Optional<String> text = raw(name).or(() -> key.declaredDefault());
        if (text.isEmpty()) {
            if (!key.optional()) {
                problems.add(name + ": missing; expected " + key.type().expected());
            }
            return Optional.empty();
        }
        try {
            return Optional.of(key.type().parse(text.get()));
        } catch (IllegalArgumentException e) {
            problems.add(name + ": '" + text.get() + "' is not " + key.type().expected());
            return Optional.empty();
        }
    }
}
