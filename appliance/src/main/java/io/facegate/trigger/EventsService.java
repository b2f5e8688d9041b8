package io.facegate.trigger;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.camera.Camera;
import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;

/**
 * {@code GET /events}: Server-Sent Events named {@code camera-state}, {@code face-detected}, {@code rule-fired} and
 * {@code output-changed}, each with a JSON object carrying its {@code time}. A new client first gets every camera's
 * current state.
 */
public final class EventsService implements HttpService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KEEP_ALIVE_MILLIS = 15_000;

    private final Triggers triggers;

    public EventsService(Triggers triggers) {
        this.triggers = triggers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::stream);
    }

    private void stream(ServerRequest req, ServerResponse res) {
        EventBus bus = triggers.events();
        try (EventBus.Subscription events = bus.subscribe(); SseSink sink = res.sink(SseSink.TYPE)) {
            for (Camera.Status s : triggers.cameraStatus()) {
                sink.emit(event(new EventBus.Event("camera-state", java.time.Instant.now(),
                        Map.of("camera", s.name(), "state", s.state(), "detail", s.detail()))));
            }
            long idle = 0;
            while (true) {
                EventBus.Event e = events.poll(1000);
                if (e != null) {
                    sink.emit(event(e));
                    idle = 0;
                } else if (bus.closed()) {
                    break;
                } else if ((idle += 1000) >= KEEP_ALIVE_MILLIS) {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                    idle = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException e) {
            // the client went away
        }
    }

    private static SseEvent event(EventBus.Event e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("time", e.time().toString());
        data.putAll(e.data());
        try {
            return SseEvent.builder().name(e.type()).data(JSON.writeValueAsString(data)).build();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
