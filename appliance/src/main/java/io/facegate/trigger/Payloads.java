package io.facegate.trigger;

import java.util.LinkedHashMap;
import java.util.Map;

import io.facegate.camera.Camera;
import io.facegate.face.Face;
import io.facegate.gpio.Output;

/** The JSON members of each event on {@code GET /events}; docs/cameras-gpio.md lists them. */
final class Payloads {

    private Payloads() {
    }

    static Map<String, Object> faceDetected(Camera.Detected d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("camera", d.camera());
        data.put("frame", d.frame().seq());
        data.put("frameTime", d.frame().arrival().toString());
        data.put("width", d.result().width());
        data.put("height", d.result().height());
        data.put("detectionMs", d.detectNanos() / 1e6);
        data.put("faces", d.result().faces().stream().map(Payloads::face).toList());
        return data;
    }

    /** A face: its score (0..1) and box as fractions of the frame. */
    private static Map<String, Object> face(Face f) {
        Face.Box b = f.box();
        Map<String, Object> box = new LinkedHashMap<>();
        box.put("left", b.left());
        box.put("top", b.top());
        box.put("width", b.width());
        box.put("height", b.height());
        return Map.of("score", f.score(), "box", box);
    }

    static Map<String, Object> ruleFired(RuleEngine.Firing f, Camera.Detected d) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rule", f.rule().name());
        data.put("camera", d.camera());
        data.put("frame", d.frame().seq());
        data.put("faces", f.faces());
        data.put("output", f.rule().output());
        data.put("outcome", f.outcome().name().toLowerCase().replace('_', '-'));
        return data;
    }

    static Map<String, Object> outputChanged(Output output, boolean active, String reason) {
        boolean high = active != output.config().activeLow();
        return Map.of("output", output.name(), "active", active, "level", Output.Status.level(high),
                "reason", reason);
    }

    static Map<String, Object> cameraState(String camera, Camera.State state, String detail) {
        return Map.of("camera", camera, "state", state.name().toLowerCase(), "detail", detail);
    }
}
