package io.facegate.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.model.ModelRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/**
 * {@code GET /status}: the build version and every loaded model (name, file sha256, input size, precision), then the
 * live members from {@code live} (cameras and outputs).
 */
public final class StatusService implements HttpService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> fixed;
    private final Supplier<Map<String, Object>> live;

    public StatusService(String version, ModelRegistry models) {
        this(version, models, Map::of);
    }

    public StatusService(String version, ModelRegistry models, Supplier<Map<String, Object>> live) {
        this.live = live;
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", version);
        List<Map<String, Object>> loaded = models.loaded().stream().map(m -> {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", m.name());
            model.put("sha256", m.sha256());
            model.put("inputSize", m.inputSize());
            model.put("precision", m.precision());
            model.put("licence", m.licence());
            return model;
        }).toList();
        status.put("models", loaded);
        this.fixed = Map.copyOf(status);
        this.fixedOrder = List.copyOf(status.keySet());
    }

    private final List<String> fixedOrder;

    private byte[] body() {
        Map<String, Object> status = new LinkedHashMap<>();
        fixedOrder.forEach(k -> status.put(k, fixed.get(k)));
        status.putAll(live.get());
        try {
            return JSON.writeValueAsBytes(status);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(body());
        });
    }
}
