package io.facegate.mqtt;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.facegate.camera.Camera;
import io.facegate.face.Face;

/**
 * What each camera's detections become on MQTT: its {@code present} topic at once when a face appears or goes, its
 * {@code faces} message when the face count changes, at most once per interval (a change within the interval is
 * held, and the latest is sent when it has passed). Not thread-safe: {@link MqttBridge} calls it under its lock;
 * {@code record} is its way of setting a topic's latest value.
 */
final class FaceReports {

    /** One camera: the last count and presence recorded, the message held back, when the next may go. */
    private static final class Gate {
        private int count = -1;
        private String present;
        private long nextAllowed;
        private String pending;
    }

    private final Topics topics;
    private final long intervalNanos;
    private final Map<String, Gate> gates = new HashMap<>();

    FaceReports(Topics topics, double maxRate) {
        this.topics = topics;
        this.intervalNanos = (long) (1e9 / maxRate);
    }

    /** The values before any frame: no face, a count of 0 without a frame. */
    void start(String camera, BiConsumer<String, String> record) {
        gates.computeIfAbsent(camera, n -> new Gate());
        record.accept(topics.present(camera), Topics.OFF);
        record.accept(topics.faces(camera), payload(0, Optional.empty(), null, -1));
    }

    /** Records presence at once; holds a new count for {@link #release}. */
    void detected(Camera.Detected d, BiConsumer<String, String> record) {
        Gate gate = gates.computeIfAbsent(d.camera(), n -> new Gate());
        List<Face> found = d.result().faces();
        String present = found.isEmpty() ? Topics.OFF : Topics.ON;
        if (!present.equals(gate.present)) {
            gate.present = present;
            record.accept(topics.present(d.camera()), present);
        }
        if (found.size() != gate.count) {
            gate.count = found.size();
            Optional<Face> largest = found.stream().max(Comparator.comparingDouble(
                    f -> f.box().width() * f.box().height()));
            gate.pending = payload(found.size(), largest, d.frame().arrival().toString(), d.frame().seq());
        }
    }

    /** Records every held message whose interval has passed; returns when the next is due (or Long.MAX_VALUE). */
    long release(long now, BiConsumer<String, String> record) {
        long next = Long.MAX_VALUE;
        for (Map.Entry<String, Gate> e : gates.entrySet()) {
            Gate gate = e.getValue();
            if (gate.pending == null) {
                continue;
            }
            if (now - gate.nextAllowed >= 0) {
                record.accept(topics.faces(e.getKey()), gate.pending);
                gate.pending = null;
                gate.nextAllowed = now + intervalNanos;
            } else {
                next = Math.min(next, gate.nextAllowed);
            }
        }
        return next;
    }

    /** {@code {"count", "largest": {left, top, width, height, score} or null, "time", "frame"}}. */
    static String payload(int count, Optional<Face> largest, String time, long frame) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("count", count);
        payload.put("largest", largest.map(f -> {
            Map<String, Object> box = new LinkedHashMap<>();
            box.put("left", f.box().left());
            box.put("top", f.box().top());
            box.put("width", f.box().width());
            box.put("height", f.box().height());
            box.put("score", f.score());
            return box;
        }).orElse(null));
        payload.put("time", time);
        payload.put("frame", frame < 0 ? null : frame);
        return Json.write(payload);
    }
}
