package io.facegate.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;

/** A test's own MQTT client: subscribes to a filter and keeps every message with its retain flag and arrival. */
public final class MqttWatcher implements AutoCloseable {

    /** One message as received. */
    public record Message(String topic, String payload, boolean retained, Instant received) {
    }

    private final Mqtt3AsyncClient client;
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    public MqttWatcher(int port, String filter) throws Exception {
        client = MqttClient.builder().useMqttVersion3().identifier("test-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        client.connect().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> messages.add(new Message(p.getTopic().toString(),
                        new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), p.isRetain(), Instant.now())))
                .send().get(10, TimeUnit.SECONDS);
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The first message matching {@code p}, waiting up to {@code timeout}. */
    public Message await(Predicate<Message> p, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Message m : messages) {
                if (p.test(m)) {
                    return m;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no matching MQTT message within " + timeout + "; got " + messages);
    }

    public static Predicate<Message> on(String topic, String payload) {
        return m -> m.topic().equals(topic) && m.payload().equals(payload);
    }

    /** Publishes {@code payload} to {@code topic} (not retained). */
    public void publish(String topic, String payload) throws Exception {
        client.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the broker may be gone already
        }
    }
}
