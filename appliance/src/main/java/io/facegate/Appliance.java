package io.facegate;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.facegate.observe.PipelineMetrics;
import io.facegate.trigger.Triggers;
import io.helidon.webserver.WebServer;

/**
 * A started appliance: the HTTP server, the cameras and GPIO lines ({@link Triggers}) and the meters reading them.
 * {@link #stop()} stops all three, safe state first; the models are the caller's to close after.
 */
public final class Appliance {

    private static final Logger LOG = Logger.getLogger(Appliance.class.getName());

    private final WebServer server;
    private final Triggers triggers;
    private final PipelineMetrics metrics;
    private final List<AutoCloseable> integrations;

    /** {@code integrations} (MQTT, webhooks) are closed after the triggers, so they can still tell the safe state. */
    Appliance(WebServer server, Triggers triggers, PipelineMetrics metrics, List<AutoCloseable> integrations) {
        this.server = server;
        this.triggers = triggers;
        this.metrics = metrics;
        this.integrations = List.copyOf(integrations);
    }

    /** The port the server listens on (the configured one, or the one picked for port 0). */
    public int port() {
        return server.port();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    /**
     * In this order: every output to its shutdown level; those changes to the event subscribers, whose streams then
     * end; the listener closed; the cameras stopped; MQTT and webhooks told the last states and closed; the meters
     * removed. Idempotent.
     */
    public void stop() {
        try {
            triggers.stopOutputs();
            triggers.endEvents();
        } finally {
            try {
                server.stop();
            } finally {
                try {
                    triggers.close();
                } finally {
                    for (AutoCloseable integration : integrations) {
                        try {
                            integration.close();
                        } catch (Exception e) {
                            LOG.log(Level.WARNING, "closing " + integration.getClass().getSimpleName(), e);
                        }
                    }
                    metrics.close();
                }
            }
        }
    }
}
