package io.facegate.bench;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The benchmark camera's counters from {@code GET /status}: frames in, examined, dropped, broken, reconnects. */
record CameraCounters(long in, long processed, long dropped, long bad, long broken, long reconnects) {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static CameraCounters of(String status) {
        try {
            Map<String, Object> root = JSON.readValue(status, Map.class);
            for (Map<String, Object> c : (List<Map<String, Object>>) root.getOrDefault("cameras", List.of())) {
                if (ServiceYaml.CAMERA.equals(c.get("name"))) {
                    return new CameraCounters(n(c, "framesIn"), n(c, "framesProcessed"), n(c, "framesDropped"),
                            n(c, "badFrames"), n(c, "brokenFrames"), n(c, "reconnects"));
                }
            }
        } catch (Exception e) {
            throw new BenchException("GET /status gave no camera counters: " + e.getMessage() + "\n" + status, e);
        }
        throw new BenchException("GET /status has no camera " + ServiceYaml.CAMERA + ":\n" + status);
    }

    private static long n(Map<String, Object> camera, String key) {
        return camera.get(key) instanceof Number n ? n.longValue() : -1;
    }

    @Override
    public String toString() {
        return "frames in %d, examined %d, dropped %d, bad %d, broken %d, reconnects %d".formatted(in, processed,
                dropped, bad, broken, reconnects);
    }
}
