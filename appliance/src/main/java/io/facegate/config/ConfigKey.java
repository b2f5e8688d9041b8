package io.facegate.config;

import java.util.Optional;

/**
 * One configuration key, declared once: its name, type and range ({@link ValueType}), one line saying what it does,
 * and where its default lives. A fixed key ({@code server.port}) takes its default from {@code application.yaml};
 * a key under a name the user chooses ({@code cameras.<name>.detect-fps}) carries its default here, since the YAML
 * cannot hold one for every name. An {@code optional} key may be left out and has no default.
 */
public record ConfigKey<T>(String name, ValueType<T> type, String description, Optional<String> declaredDefault,
                           boolean optional) {

    /** The placeholder for a user-chosen name in a key. */
    public static final String NAME = "<name>";

    /** A fixed key whose default is in {@code application.yaml}. */
    static <T> ConfigKey<T> of(String name, ValueType<T> type, String description) {
        return new ConfigKey<>(name, type, description, Optional.empty(), false);
    }

    /** A key that may be absent: no default anywhere. */
    static <T> ConfigKey<T> optional(String name, ValueType<T> type, String description) {
        return new ConfigKey<>(name, type, description, Optional.empty(), true);
    }

    /** A key under a user-chosen name, with its default. */
    static <T> ConfigKey<T> named(String name, ValueType<T> type, String defaultValue, String description) {
        return new ConfigKey<>(name, type, description, Optional.of(defaultValue), false);
    }

    /** A key under a user-chosen name that must be given. */
    static <T> ConfigKey<T> namedRequired(String name, ValueType<T> type, String description) {
        return new ConfigKey<>(name, type, description, Optional.empty(), false);
    }

    /** Whether the key sits under a user-chosen name. */
    public boolean isNamed() {
        return name.contains(NAME);
    }

    /** The key for one chosen name: {@code cameras.<name>.url} for {@code door} is {@code cameras.door.url}. */
    public String forName(String chosen) {
        return name.replace(NAME, chosen);
    }
}
