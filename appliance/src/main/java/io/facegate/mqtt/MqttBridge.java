package io.facegate.mqtt;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;

import io.facegate.auth.SecretFile;
import io.facegate.camera.Camera;
import io.facegate.config.IntegrationConfig;
import io.facegate.gpio.Output;
import io.facegate.trigger.EventBus;
import io.facegate.trigger.Triggers;

/**
 * Publishes what the box sees to an MQTT broker (topics in {@link Topics}) and, with {@code mqtt.commands}, takes
 * pulse requests from it.
 *
 * <p>Every message is retained state, so only the latest value of each topic matters: the cameras' and outputs'
 * threads only record it here and mark its topic, and one publisher thread sends the marked topics while connected.
 * Nothing waits for the broker: while it is down the values just change in memory, and on every (re)connect all of
 * them are sent again, so the broker ends up with the current state. The HiveMQ client reconnects by itself with
 * exponential backoff from {@code reconnect-min} to {@code reconnect-max}. A camera's faces message goes out when its
 * face count changes, at most {@code max-rate} times a second (the latest count once the interval has passed); its
 * {@code present} topic at once ({@link FaceReports}).
 *
 * <p>About 320 lines: one connection's whole life — client set-up, the latest values, the publisher, pulse requests —
 * kept together so that the locking stays in one place.
 */
public final class MqttBridge implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MqttBridge.class.getName());

    private final IntegrationConfig.Mqtt config;
    private final Topics topics;
    private final Triggers triggers;
    private final Mqtt3AsyncClient client;
    private final Optional<String> password;
    private final FaceReports faces;
    private final Map<String, String> retained = new LinkedHashMap<>();
    private final Set<String> dirty = new LinkedHashSet<>();
    private final AtomicLong refusedCommands = new AtomicLong();
    private final Thread publisher;
    private volatile boolean connected;
    private volatile boolean running = true;

    private MqttBridge(IntegrationConfig.Mqtt config, Triggers triggers, String version) throws MqttSetupException {
        this.config = config;
        this.triggers = triggers;
        String clientId = config.clientId().orElseGet(MqttBridge::hostName);
        this.topics = new Topics(config, clientId, version);
        this.password = password(config);
        this.faces = new FaceReports(topics, config.maxRate());
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
                .identifier(clientId)
                .serverHost(config.url().getHost())
                .serverPort(config.port())
                .automaticReconnect()
                .initialDelay(config.reconnectMin().toMillis(), TimeUnit.MILLISECONDS)
                .maxDelay(config.reconnectMax().toMillis(), TimeUnit.MILLISECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> connected())
                .addDisconnectedListener(context -> disconnected(context.getCause()));
        if (config.tls()) {
            MqttClientSslConfigBuilder tls = MqttClientSslConfig.builder();
            TlsFiles.trust(config.caCertificate()).ifPresent(tls::trustManagerFactory);
            TlsFiles.identity(config.clientCertificate(), config.clientKey()).ifPresent(tls::keyManagerFactory);
            builder = builder.sslConfig(tls.build());
        }
        this.client = builder.buildAsync();
        this.publisher = new Thread(this::publishLoop, "facegate-mqtt");
        publisher.setDaemon(true);
    }

    /** What keeps the MQTT settings from being used: each secret file must be readable and private. */
    public static List<String> problems(IntegrationConfig.Mqtt config) {
        List<String> problems = new ArrayList<>();
        try {
            password(config);
            TlsFiles.trust(config.caCertificate());
            TlsFiles.identity(config.clientCertificate(), config.clientKey());
        } catch (MqttSetupException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /**
     * Starts publishing the state of {@code triggers} to the broker of {@code config} and connects in the
     * background: returns at once, whether the broker answers or not.
     */
    public static MqttBridge start(IntegrationConfig.Mqtt config, Triggers triggers, String version)
            throws MqttSetupException {
        MqttBridge bridge = new MqttBridge(config, triggers, version);
        bridge.begin();
        return bridge;
    }

    private void begin() {
        // Listen first, then read the current states: a change in between is then never older than what is sent.
        triggers.events().listen(this::onEvent);
        triggers.addDetectionListener(this::onDetected);
        List<String> cameras = triggers.cameraStatus().stream().map(Camera.Status::name).toList();
        List<String> outputs = triggers.gpio().outputStatus().stream().map(Output.Status::name).toList();
        synchronized (this) {
            if (config.discovery()) {
                topics.discovery(cameras, outputs).forEach(this::record);
            }
            for (Camera.Status c : triggers.cameraStatus()) {
                record(topics.cameraState(c.name()), c.state());
                if (!retained.containsKey(topics.present(c.name()))) {
                    faces.start(c.name(), this::record);
                }
            }
            for (Output.Status o : triggers.gpio().outputStatus()) {
                record(topics.outputState(o.name()), o.active() ? Topics.ON : Topics.OFF);
            }
            record(topics.availability(), "online");
        }
        publisher.start();
        Mqtt3ConnectBuilder.Send<java.util.concurrent.CompletableFuture<com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck>> connect =
                client.connectWith().cleanSession(true).keepAlive(30)
                        .willPublish().topic(topics.availability())
                        .payload("offline".getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish();
        if (config.username().isPresent()) {
            var auth = connect.simpleAuth().username(config.username().get());
            password.ifPresent(p -> auth.password(p.getBytes(StandardCharsets.UTF_8)));
            connect = auth.applySimpleAuth();
        }
        LOG.info(() -> "mqtt: connecting to " + config.url() + " as " + topics.node() + ", topics under "
                + config.topicPrefix() + "/");
        connect.send().whenComplete((ack, error) -> {
            if (error != null) {
                LOG.warning(() -> "mqtt: cannot connect to " + config.url() + " (" + error.getMessage()
                        + "); retrying in the background");
            }
        });
    }

    /** Records the latest value of a topic and marks it to be sent; caller holds the lock. */
    private void record(String topic, String payload) {
        if (!payload.equals(retained.put(topic, payload))) {
            dirty.add(topic);
            notifyAll();
        }
    }

    private synchronized void onEvent(EventBus.Event e) {
        switch (e.type()) {
            case "camera-state" -> record(topics.cameraState((String) e.data().get("camera")),
                    (String) e.data().get("state"));
            case "output-changed" -> record(topics.outputState((String) e.data().get("output")),
                    Boolean.TRUE.equals(e.data().get("active")) ? Topics.ON : Topics.OFF);
            default -> {
                // detections arrive through onDetected, with frames without faces too
            }
        }
    }

    private synchronized void onDetected(Camera.Detected d) {
        faces.detected(d, this::record);
        notifyAll();
    }

    private void publishLoop() {
        while (running) {
            Map<String, String> batch = new LinkedHashMap<>();
            synchronized (this) {
                try {
                    while (running) {
                        long now = System.nanoTime();
                        long next = faces.release(now, this::record);
                        if (connected && !dirty.isEmpty()) {
                            break;
                        }
                        long waitMillis = next == Long.MAX_VALUE ? 1000
                                : Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - now));
                        wait(Math.min(waitMillis, 1000));
                    }
                } catch (InterruptedException e) {
                    return;
                }
                for (String topic : dirty) {
                    batch.put(topic, retained.get(topic));
                }
                dirty.clear();
            }
            batch.forEach(this::send);
        }
    }

    private void send(String topic, String payload) {
        client.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).send()
                .whenComplete((result, error) -> {
                    if (error != null) {
                        LOG.fine(() -> "mqtt: " + topic + " not sent (" + error.getMessage()
                                + "); it is sent again on reconnect");
                        markAll();
                    }
                });
    }

    private void connected() {
        LOG.info(() -> "mqtt: connected to " + config.url());
        client.subscribeWith().topicFilter(topics.pulseFilter()).qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::onPulse).send()
                .whenComplete((ack, error) -> {
                    if (error != null) {
                        LOG.warning(() -> "mqtt: cannot subscribe to " + topics.pulseFilter() + ": " + error);
                    }
                });
        connected = true;
        markAll();
    }

    private synchronized void markAll() {
        dirty.addAll(retained.keySet());
        notifyAll();
    }

    private void disconnected(Throwable cause) {
        boolean was = connected;
        connected = false;
        if (was && running) {
            LOG.warning(() -> "mqtt: lost the broker (" + cause.getMessage() + "); reconnecting with backoff, "
                    + "the state is sent again once it is back");
        } else {
            LOG.fine(() -> "mqtt: no broker (" + cause.getMessage() + ")");
        }
    }

    /** A pulse request: carried out only with {@code mqtt.commands: true}, and then as the output's rules allow. */
    private void onPulse(Mqtt3Publish publish) {
        String output = topics.outputOfPulse(publish.getTopic().toString());
        String payload = new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8).trim();
        if (output == null || triggers.gpio().output(output).isEmpty()) {
            LOG.fine(() -> "mqtt: ignored " + publish.getTopic() + ": no such output");
            return;
        }
        if (!config.commands()) {
            long n = refusedCommands.incrementAndGet();
            Level level = n == 1 ? Level.WARNING : Level.FINE;
            LOG.log(level, () -> "mqtt: refused a pulse of output " + output + " (" + n
                    + " so far): mqtt.commands is false");
            triggers.events().publish("command", Map.of("output", output, "source", "mqtt", "outcome", "refused"));
            return;
        }
        if (!payload.equals(Topics.PRESS)) {
            LOG.fine(() -> "mqtt: ignored " + publish.getTopic() + ": payload is not " + Topics.PRESS);
            return;
        }
        triggers.command(output, "mqtt");
    }

    /** For {@code GET /status}: the broker, whether connected, and refused pulse requests. */
    public Map<String, Object> status() {
        return Map.of("broker", config.url().toString(), "connected", connected, "refusedCommands",
                refusedCommands.get());
    }

    /** Pulse requests refused because {@code mqtt.commands} is off. */
    public long refusedCommands() {
        return refusedCommands.get();
    }

    /** Publishes {@code offline} (retained), disconnects and stops the publisher. */
    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        try {
            publisher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (connected) {
                client.publishWith().topic(topics.availability()).payload("offline".getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).retain(true).send().get(2, TimeUnit.SECONDS);
            }
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(Level.FINE, "mqtt: disconnect", e);
        }
    }

    private static Optional<String> password(IntegrationConfig.Mqtt config) throws MqttSetupException {
        if (config.passwordFile().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SecretFile.read(config.passwordFile().get(), "mqtt.password-file"));
        } catch (SecretFile.SecretException e) {
            throw new MqttSetupException(e.getMessage());
        }
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_-]", "_");
            return name.isEmpty() ? "facegate" : name;
        } catch (java.io.IOException e) {
            return "facegate";
        }
    }
}
