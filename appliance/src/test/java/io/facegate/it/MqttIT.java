package io.facegate.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.Appliance;
import io.facegate.Main;
import io.facegate.config.FacegateConfig;
import io.facegate.model.ModelRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.facegate.it.MqttWatcher.on;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * MQTT against a real Debian {@code mosquitto} on a loopback port, with the real service, a folder camera and a
 * {@code gpio.provider: none} output: discovery configs retained and valid JSON; a face photo turns the camera's
 * {@code present} topic {@code ON} within 500 ms of the frame's arrival; the output's state follows; a pulse request
 * is refused while {@code mqtt.commands} is off and carried out when it is on; the broker's restart is survived with the
 * state sent again (and the door still opens while the broker is down); a service JVM killed with {@code kill -9}
 * leaves its last will, {@code offline}.
 */
class MqttIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Mosquitto broker;
    private ModelRegistry models;
    private Appliance server;
    private FolderCamera camera;

    @BeforeEach
    void broker() throws Exception {
        assumeTrue(Mosquitto.binary() != null, "mosquitto is not installed (.ci/run installs it)");
        broker = Mosquitto.start(Files.createDirectory(dir.resolve("broker")));
        camera = new FolderCamera(Files.createDirectory(dir.resolve("drops")));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (models != null) {
            models.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private void start(boolean commands) throws Exception {
        Map<String, String> keys = new HashMap<>(Map.ofEntries(
                Map.entry("detector.tile-above-pixels", "1000"),
                Map.entry("cameras.door.source", "folder"),
                Map.entry("cameras.door.folder", camera.folder().toString()),
                Map.entry("cameras.door.poll", "50ms"),
                Map.entry("gpio.provider", "none"),
                Map.entry("gpio.outputs.door.line", "17"),
                Map.entry("gpio.outputs.door.mode", "pulse"),
                Map.entry("gpio.outputs.door.pulse", "1s"),
                Map.entry("gpio.outputs.door.cool-down", "0s"),
                Map.entry("rules.open.camera", "door"),
                Map.entry("rules.open.min-confidence", "0.8"),
                Map.entry("rules.open.output", "door"),
                Map.entry("mqtt.url", broker.url()),
                Map.entry("mqtt.client-id", "it-box"),
                Map.entry("mqtt.commands", String.valueOf(commands)),
                Map.entry("mqtt.reconnect-min", "100ms"),
                Map.entry("mqtt.reconnect-max", "500ms")));
        FacegateConfig config = FacegateServer.loadConfig(FacegateServer.modelsDir(),
                Files.createDirectories(dir.resolve("bucket")), keys);
        models = ModelRegistry.load(config.models());
        server = Main.start(config, models);
    }

    @Test
    void discoveryIsRetainedJsonAFaceIsPresentWithin500msTheOutputFollowsAndAPressIsRefused() throws Exception {
        start(false);
        try (MqttWatcher watch = new MqttWatcher(broker.port(), "#")) {
            watch.await(on("facegate/availability", "online"), Duration.ofSeconds(10));
            watch.await(on("facegate/door/present", "OFF"), Duration.ofSeconds(10));
            watch.await(on("facegate/output/door/state", "OFF"), Duration.ofSeconds(10));
            watch.await(on("facegate/door/state", "streaming"), Duration.ofSeconds(10));

            List<MqttWatcher.Message> configs;
            try (MqttWatcher late = new MqttWatcher(broker.port(), "homeassistant/#")) {
                late.await(m -> m.topic().endsWith("door_output/config"), Duration.ofSeconds(5));
                Thread.sleep(300);
                configs = late.messages();
            }
            assertThat(configs.stream().map(MqttWatcher.Message::topic).toList(), containsInAnyOrder(
                    "homeassistant/binary_sensor/it-box/door_face/config",
                    "homeassistant/sensor/it-box/door_faces/config",
                    "homeassistant/binary_sensor/it-box/door_output/config"));
            for (MqttWatcher.Message m : configs) {
                assertThat(m.topic() + " is retained", m.retained(), is(true));
                JsonNode c = JSON.readTree(m.payload());
                assertThat(m.topic(), c.path("unique_id").asText().startsWith("it-box_"), is(true));
                assertThat(m.topic(), c.path("availability_topic").asText(), is("facegate/availability"));
                assertThat(m.topic(), c.path("device").path("identifiers").get(0).asText(), is("facegate_it-box"));
            }
            JsonNode face = JSON.readTree(payload(configs, "homeassistant/binary_sensor/it-box/door_face/config"));
            assertThat(face.path("state_topic").asText(), is("facegate/door/present"));
            JsonNode count = JSON.readTree(payload(configs, "homeassistant/sensor/it-box/door_faces/config"));
            assertThat(count.path("state_topic").asText(), is("facegate/door/faces"));
            assertThat(count.path("value_template").asText(), is("{{ value_json.count }}"));

            // A face-free photo first, so the detector is warm when the face arrives.
            camera.drop(FolderCamera.emptyJpeg());
            watch.await(m -> m.topic().equals("facegate/door/faces") && m.payload().contains("\"frame\":1"),
                    Duration.ofSeconds(20));
            camera.drop(FolderCamera.faceJpeg());
            MqttWatcher.Message present = watch.await(on("facegate/door/present", "ON"), Duration.ofSeconds(20));
            MqttWatcher.Message faces = watch.await(m -> m.topic().equals("facegate/door/faces")
                    && m.payload().contains("\"count\":1"), Duration.ofSeconds(5));
            JsonNode payload = JSON.readTree(faces.payload());
            Instant arrival = Instant.parse(payload.path("time").asText());
            long ms = Duration.between(arrival, present.received()).toMillis();
            System.out.println("MqttIT: frame arrival -> present ON received: " + ms + " ms");
            assertThat("present ON within 500 ms of the frame's arrival", ms, lessThanOrEqualTo(500L));
            assertThat(payload.path("largest").path("score").asDouble(), greaterThan(0.8));

            Instant activated = watch.await(on("facegate/output/door/state", "ON"), Duration.ofSeconds(5)).received();
            watch.await(m -> m.received().isAfter(activated) && on("facegate/output/door/state", "OFF").test(m),
                    Duration.ofSeconds(10));

            // mqtt.commands is off: a press is refused (and said so), the output stays idle.
            watch.publish("facegate/output/door/pulse", "PRESS");
            awaitStatus(s -> ((Number) ((Map<?, ?>) s.get("mqtt")).get("refusedCommands")).intValue() == 1);
            Thread.sleep(500);
            Map<?, ?> door = (Map<?, ?>) ((List<?>) status().get("outputs")).getFirst();
            assertThat("the press did not activate the output", ((Number) door.get("activations")).intValue(),
                    is(1));
            assertThat(door.get("active"), is(false));
        }
        try (MqttWatcher late = new MqttWatcher(broker.port(), "#")) {
            assertThat("the broker keeps the output's state", late.await(on("facegate/output/door/state", "OFF"),
                    Duration.ofSeconds(5)).retained(), is(true));
            assertThat("no button is offered with commands off (an empty config removes one)", late.messages()
                    .stream().filter(m -> m.topic().contains("/button/") && !m.payload().isEmpty()).toList(),
                    is(empty()));
        }
    }

    @Test
    void withCommandsOnAPressPulsesTheOutputThroughItsRules() throws Exception {
        start(true);
        try (MqttWatcher watch = new MqttWatcher(broker.port(), "#")) {
            MqttWatcher.Message button = watch.await(m -> m.topic().equals(
                    "homeassistant/button/it-box/door_pulse/config"), Duration.ofSeconds(10));
            assertThat(JSON.readTree(button.payload()).path("command_topic").asText(),
                    is("facegate/output/door/pulse"));
            watch.await(on("facegate/output/door/state", "OFF"), Duration.ofSeconds(10));
            awaitStatus(s -> Boolean.TRUE.equals(((Map<?, ?>) s.get("mqtt")).get("connected")));
            watch.publish("facegate/output/door/pulse", "PRESS");
            watch.await(on("facegate/output/door/state", "ON"), Duration.ofSeconds(5));
            watch.publish("facegate/output/door/pulse", "PRESS");
            awaitStatus(s -> ((Number) ((Map<?, ?>) ((List<?>) s.get("outputs")).getFirst()).get("activations"))
                    .intValue() == 1 && Boolean.FALSE.equals(((Map<?, ?>) ((List<?>) s.get("outputs")).getFirst())
                    .get("active")));
        }
    }

    @Test
    void theBrokerRestartsTheStateIsSentAgainAndTheDoorOpenedMeanwhile() throws Exception {
        start(false);
        try (MqttWatcher watch = new MqttWatcher(broker.port(), "facegate/#")) {
            watch.await(on("facegate/availability", "online"), Duration.ofSeconds(10));
        }
        broker.stop();
        awaitStatus(s -> Boolean.FALSE.equals(((Map<?, ?>) s.get("mqtt")).get("connected")));

        camera.drop(FolderCamera.faceJpeg());
        awaitStatus(s -> ((Number) ((Map<?, ?>) ((List<?>) s.get("outputs")).getFirst()).get("activations"))
                .intValue() == 1);

        broker.start();
        awaitStatus(s -> Boolean.TRUE.equals(((Map<?, ?>) s.get("mqtt")).get("connected")));
        try (MqttWatcher watch = new MqttWatcher(broker.port(), "#")) {
            // The restarted broker kept nothing: all of this was sent again.
            assertThat(watch.await(on("facegate/availability", "online"), Duration.ofSeconds(10)).retained(),
                    is(true));
            assertThat("the face seen while the broker was down", watch.await(on("facegate/door/present", "ON"),
                    Duration.ofSeconds(10)).retained(), is(true));
            watch.await(m -> m.topic().equals("facegate/door/faces") && m.payload().contains("\"count\":1"),
                    Duration.ofSeconds(10));
            watch.await(m -> m.topic().equals("homeassistant/binary_sensor/it-box/door_face/config"),
                    Duration.ofSeconds(10));
        }
    }

    @Test
    void aServiceKilledWithSigkillLeavesItsLastWillOffline() throws Exception {
        Path work = Files.createDirectory(dir.resolve("work"));
        try (MqttWatcher watch = new MqttWatcher(broker.port(), "facegate/availability");
             ServiceJvm service = ServiceJvm.start(dir, work, dir.resolve("service.log"), List.of("-Xmx256m"),
                     Map.of("mqtt.url", broker.url(), "mqtt.client-id", "killed-box",
                             "models.attributes", "false"))) {
            watch.await(on("facegate/availability", "online"), Duration.ofSeconds(30));
            service.process().destroyForcibly();  // SIGKILL: no shutdown hook, no DISCONNECT
            watch.await(on("facegate/availability", "offline"), Duration.ofSeconds(30));
        }
        try (MqttWatcher late = new MqttWatcher(broker.port(), "facegate/availability")) {
            assertThat("and keeps it retained", late.await(on("facegate/availability", "offline"),
                    Duration.ofSeconds(5)).retained(), is(true));
        }
    }

    private static String payload(List<MqttWatcher.Message> messages, String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).findFirst().orElseThrow().payload();
    }

    private Map<?, ?> status() throws Exception {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port() + "/status")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return JSON.readValue(response.body(), Map.class);
        }
    }

    private void awaitStatus(java.util.function.Predicate<Map<?, ?>> p) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<?, ?> last = null;
        while (System.nanoTime() < end) {
            last = status();
            if (p.test(last)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status never matched: " + last + "\nbroker log: " + broker.log());
    }
}
