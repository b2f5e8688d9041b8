package io.facegate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Reads {@code ui.*}, {@code mqtt.*} and {@code webhooks.<name>.*} from declared {@link Keys}. */
final class IntegrationConfigReader {

    private final ConfigReader r;

    IntegrationConfigReader(ConfigReader reader) {
        this.r = reader;
    }

    IntegrationConfig read(Set<String> given) {
        var ui = new IntegrationConfig.Ui(Boolean.TRUE.equals(r.get(Keys.UI_PREVIEW)),
                orDefault(r.get(Keys.UI_PREVIEW_WIDTH), 320), r.get(Keys.UI_SESSION_TTL));
        Map<String, IntegrationConfig.Webhook> webhooks = new TreeMap<>();
        for (String name : ConfigLoader.names(given, "webhooks.")) {
            if (!name.matches("[A-Za-z0-9_-]{1,64}")) {
                r.problem("webhooks." + name + ": a name has 1..64 characters of [A-Za-z0-9_-]");
                continue;
            }
            webhook(name).ifPresent(w -> webhooks.put(name, w));
        }
        return new IntegrationConfig(ui, mqtt(), Map.copyOf(webhooks));
    }

    private Optional<IntegrationConfig.Mqtt> mqtt() {
        Optional<URI> url = r.optional(Keys.MQTT_URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        int before = r.problems().size();
        Optional<Path> certificate = r.optional(Keys.MQTT_CLIENT_CERTIFICATE);
        Optional<Path> key = r.optional(Keys.MQTT_CLIENT_KEY);
        if (certificate.isPresent() != key.isPresent()) {
            r.problem((certificate.isPresent() ? Keys.MQTT_CLIENT_KEY : Keys.MQTT_CLIENT_CERTIFICATE).name()
                    + ": missing; a client certificate needs both mqtt.client-certificate and mqtt.client-key");
        }
        boolean tls = url.get().getScheme().equals("ssl") || url.get().getScheme().equals("mqtts");
        if (!tls && (certificate.isPresent() || r.optional(Keys.MQTT_CA_CERTIFICATE).isPresent())) {
            r.problem("mqtt.url: certificates need ssl:// (or mqtts://), not " + url.get().getScheme() + "://");
        }
        Optional<String> username = r.optional(Keys.MQTT_USERNAME);
        Optional<Path> password = r.optional(Keys.MQTT_PASSWORD_FILE);
        if (password.isPresent() && username.isEmpty()) {
            r.problem("mqtt.username: missing; mqtt.password-file needs a user name");
        }
        Duration min = r.get(Keys.MQTT_RECONNECT_MIN);
        Duration max = r.get(Keys.MQTT_RECONNECT_MAX);
        if (min != null && max != null && max.compareTo(min) < 0) {
            r.problem("mqtt.reconnect-max: must be at least mqtt.reconnect-min");
        }
        var mqtt = new IntegrationConfig.Mqtt(url.get(), username, password, r.optional(Keys.MQTT_CA_CERTIFICATE),
                certificate, key, r.get(Keys.MQTT_TOPIC_PREFIX), r.optional(Keys.MQTT_CLIENT_ID),
                orDefault(r.get(Keys.MQTT_MAX_RATE), 1.0), Boolean.TRUE.equals(r.get(Keys.MQTT_DISCOVERY)),
                r.get(Keys.MQTT_DISCOVERY_PREFIX), Boolean.TRUE.equals(r.get(Keys.MQTT_COMMANDS)), min, max);
        return r.problems().size() > before ? Optional.empty() : Optional.of(mqtt);
    }

    private Optional<IntegrationConfig.Webhook> webhook(String name) {
        int before = r.problems().size();
        URI url = r.get(Keys.WEBHOOK_URL, name);
        Path secret = r.get(Keys.WEBHOOK_SECRET_FILE, name);
        List<String> events = r.get(Keys.WEBHOOK_EVENTS, name);
        Integer queue = r.get(Keys.WEBHOOK_QUEUE, name);
        Integer retries = r.get(Keys.WEBHOOK_RETRIES, name);
        Duration backoff = r.get(Keys.WEBHOOK_BACKOFF, name);
        Duration backoffMax = r.get(Keys.WEBHOOK_BACKOFF_MAX, name);
        Duration timeout = r.get(Keys.WEBHOOK_TIMEOUT, name);
        if (backoff != null && backoffMax != null && backoffMax.compareTo(backoff) < 0) {
            r.problem(Keys.WEBHOOK_BACKOFF_MAX.forName(name) + ": must be at least backoff");
        }
        return r.problems().size() > before ? Optional.empty() : Optional.of(new IntegrationConfig.Webhook(name, url,
                secret, events, queue, retries, backoff, backoffMax, timeout));
    }

    private static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
