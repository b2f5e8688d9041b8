package io.facegate.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What tells people and other systems what the box sees: the status page ({@code ui.*}), an MQTT broker
 * ({@code mqtt.*}, with Home Assistant discovery) and webhooks ({@code webhooks.<name>.*}). Read and checked by
 * {@link ConfigLoader}; the files named here are read by their owners at start-up.
 */
public record IntegrationConfig(Ui ui, Optional<Mqtt> mqtt, Map<String, Webhook> webhooks) {

    /** Nothing but the page, without a preview. */
    public static IntegrationConfig none() {
        return new IntegrationConfig(new Ui(false, 320, Duration.ofHours(12)), Optional.empty(), Map.of());
    }

    /**
     * The status page. {@code preview}: keep each camera's last examined frame in memory and show it downscaled to
     * {@code previewWidth}; off by default, so no image is shown. {@code sessionTtl}: how long a browser session
     * opened with an access key lasts when SigV4 is on.
     */
    public record Ui(boolean preview, int previewWidth, Duration sessionTtl) {
    }

    /**
     * The broker at {@code url} ({@code tcp}/{@code mqtt} or {@code ssl}/{@code mqtts}), with an optional user name and
     * password file, CA certificate and client certificate and key (PEM files). Topics start with {@code topicPrefix};
     * {@code clientId} empty means the host name. {@code maxRate}: faces messages per second per camera at most.
     */
    public record Mqtt(URI url, Optional<String> username, Optional<Path> passwordFile,
                       Optional<Path> caCertificate, Optional<Path> clientCertificate, Optional<Path> clientKey,
                       String topicPrefix, Optional<String> clientId, double maxRate, boolean discovery,
                       String discoveryPrefix, boolean commands, Duration reconnectMin, Duration reconnectMax) {

        public boolean tls() {
            return url.getScheme().equals("ssl") || url.getScheme().equals("mqtts");
        }

        public int port() {
            return url.getPort() > 0 ? url.getPort() : tls() ? 8883 : 1883;
        }
    }

    /**
     * One webhook: every event of {@code events} is POSTed as JSON to {@code url}, signed with the key in
     * {@code secretFile}; at most {@code queue} wait, each tried {@code 1 + retries} times with a backoff from
     * {@code backoff} doubling to {@code backoffMax}, each attempt within {@code timeout}.
     */
    public record Webhook(String name, URI url, Path secretFile, List<String> events, int queue, int retries,
                          Duration backoff, Duration backoffMax, Duration timeout) {
    }
}
