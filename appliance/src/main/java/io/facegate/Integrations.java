package io.facegate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.facegate.auth.BrowserSessions;
import io.facegate.auth.SecretFile;
import io.facegate.auth.SigV4Verifier;
import io.facegate.config.ConfigException;
import io.facegate.config.IntegrationConfig;
import io.facegate.mqtt.MqttBridge;
import io.facegate.mqtt.MqttSetupException;
import io.facegate.trigger.Triggers;
import io.facegate.ui.LastFrames;
import io.facegate.webhook.Webhooks;

/**
 * What tells the outside what the box sees, wired around the triggers: the status page's last frames and browser
 * sessions and the webhooks from before the listener binds (so they see the first events), MQTT once the lines and
 * cameras are up (it publishes their states, and {@code online} only when ready). Closed after the safe state.
 */
final class Integrations implements AutoCloseable {

    private final IntegrationConfig config;
    private final Triggers triggers;
    private final LastFrames frames;
    private final Optional<BrowserSessions> sessions;
    private final Webhooks webhooks;
    private volatile MqttBridge mqtt;

    private Integrations(IntegrationConfig config, Triggers triggers, LastFrames frames,
                         Optional<BrowserSessions> sessions, Webhooks webhooks) {
        this.config = config;
        this.triggers = triggers;
        this.frames = frames;
        this.sessions = sessions;
        this.webhooks = webhooks;
    }

    /** The page's data and the webhooks, listening to {@code triggers}; browser sessions only with SigV4 on. */
    static Integrations attach(IntegrationConfig config, Triggers triggers, Optional<SigV4Verifier> verifier) {
        LastFrames frames = new LastFrames(config.ui().preview(), config.ui().previewWidth());
        triggers.addDetectionListener(frames);
        Webhooks webhooks;
        try {
            webhooks = Webhooks.start(config.webhooks(), triggers.events());
        } catch (SecretFile.SecretException e) {
            throw new ConfigException(List.of(e.getMessage()));
        }
        Optional<BrowserSessions> sessions = verifier.map(v -> new BrowserSessions(config.ui().sessionTtl(),
                Clock.systemUTC()));
        return new Integrations(config, triggers, frames, sessions, webhooks);
    }

    /** Connects to the broker, if one is configured, in the background. */
    void startMqtt(String version) throws MqttSetupException {
        if (config.mqtt().isPresent()) {
            mqtt = MqttBridge.start(config.mqtt().get(), triggers, version);
        }
    }

    LastFrames frames() {
        return frames;
    }

    Optional<BrowserSessions> sessions() {
        return sessions;
    }

    /** {@code GET /status}'s live members: the triggers', then {@code webhooks} and {@code mqtt} when configured. */
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>(triggers.status());
        if (!config.webhooks().isEmpty()) {
            status.put("webhooks", webhooks.status());
        }
        MqttBridge bridge = mqtt;
        if (bridge != null) {
            status.put("mqtt", bridge.status());
        }
        return status;
    }

    /** MQTT ({@code offline}, disconnect), then the webhooks (2 s to empty their queues). */
    @Override
    public void close() {
        try {
            MqttBridge bridge = mqtt;
            if (bridge != null) {
                bridge.close();
            }
        } finally {
            webhooks.close();
        }
    }
}
