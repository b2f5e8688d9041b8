package io.facegate.mqtt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.facegate.config.IntegrationConfig;

/**
 * Every topic facegate publishes or reads, and the Home Assistant discovery configs pointing at them. With prefix
 * {@code p} and discovery prefix {@code d}:
 * <ul>
 *   <li>{@code p/availability}: {@code online} (retained, once connected) or {@code offline} (the last will);</li>
 *   <li>{@code p/<camera>/present}: {@code ON}/{@code OFF}, whether the camera's last examined frame had a face;</li>
 *   <li>{@code p/<camera>/faces}: JSON count, largest box, frame time (on a change, at most max-rate a second);</li>
 *   <li>{@code p/<camera>/state}: {@code connecting}, {@code streaming}, {@code reconnecting}, {@code stopped};</li>
 *   <li>{@code p/output/<name>/state}: {@code ON}/{@code OFF} (active/idle);</li>
 *   <li>{@code p/output/<name>/pulse}: read; {@code PRESS} asks the output for a pulse (only with commands on);</li>
 *   <li>{@code d/binary_sensor|sensor|button/<node>/<object>/config}: discovery, retained.</li>
 * </ul>
 */
final class Topics {

    static final String ON = "ON";
    static final String OFF = "OFF";
    static final String PRESS = "PRESS";

    private final IntegrationConfig.Mqtt config;
    private final String node;
    private final String version;

    Topics(IntegrationConfig.Mqtt config, String node, String version) {
        this.config = config;
        this.node = node;
        this.version = version;
    }

    String node() {
        return node;
    }

    String availability() {
        return config.topicPrefix() + "/availability";
    }

    String present(String camera) {
        return config.topicPrefix() + "/" + camera + "/present";
    }

    String faces(String camera) {
        return config.topicPrefix() + "/" + camera + "/faces";
    }

    String cameraState(String camera) {
        return config.topicPrefix() + "/" + camera + "/state";
    }

    String outputState(String output) {
        return config.topicPrefix() + "/output/" + output + "/state";
    }

    String pulse(String output) {
        return config.topicPrefix() + "/output/" + output + "/pulse";
    }

    /** The filter matching every output's pulse topic. */
    String pulseFilter() {
        return config.topicPrefix() + "/output/+/pulse";
    }

    /** The output named by a pulse topic, or null when {@code topic} is not one. */
    String outputOfPulse(String topic) {
        String head = config.topicPrefix() + "/output/";
        if (!topic.startsWith(head) || !topic.endsWith("/pulse")) {
            return null;
        }
        String name = topic.substring(head.length(), topic.length() - "/pulse".length());
        return name.isEmpty() || name.contains("/") ? null : name;
    }

    /**
     * Discovery topic → config for every entity: per camera a "face" binary sensor and a "faces" count sensor, per
     * output a binary sensor and, with commands on, a "pulse" button. With commands off the button topics carry an
     * empty payload, which removes a button published earlier.
     */
    Map<String, String> discovery(List<String> cameras, List<String> outputs) {
        Map<String, String> configs = new LinkedHashMap<>();
        for (String camera : cameras) {
            Map<String, Object> face = entity(camera + " face", camera + "_face");
            face.put("state_topic", present(camera));
            face.put("payload_on", ON);
            face.put("payload_off", OFF);
            face.put("device_class", "occupancy");
            configs.put(topic("binary_sensor", camera + "_face"), Json.write(face));
            Map<String, Object> count = entity(camera + " faces", camera + "_faces");
            count.put("state_topic", faces(camera));
            count.put("value_template", "{{ value_json.count }}");
            count.put("json_attributes_topic", faces(camera));
            count.put("state_class", "measurement");
            count.put("icon", "mdi:face-recognition");
            configs.put(topic("sensor", camera + "_faces"), Json.write(count));
        }
        for (String output : outputs) {
            Map<String, Object> state = entity(output, output + "_output");
            state.put("state_topic", outputState(output));
            state.put("payload_on", ON);
            state.put("payload_off", OFF);
            configs.put(topic("binary_sensor", output + "_output"), Json.write(state));
            if (config.commands()) {
                Map<String, Object> button = entity(output + " pulse", output + "_pulse");
                button.put("command_topic", pulse(output));
                button.put("payload_press", PRESS);
                configs.put(topic("button", output + "_pulse"), Json.write(button));
            } else {
                configs.put(topic("button", output + "_pulse"), "");
            }
        }
        return configs;
    }

    private String topic(String component, String object) {
        return config.discoveryPrefix() + "/" + component + "/" + node + "/" + object + "/config";
    }

    private Map<String, Object> entity(String name, String object) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("unique_id", node + "_" + object);
        e.put("object_id", node + "_" + object);
        e.put("availability_topic", availability());
        e.put("device", Map.of("identifiers", List.of("facegate_" + node), "name", "facegate " + node,
                "manufacturer", "facegate", "model", "facegate appliance", "sw_version", version));
        return e;
    }
}
