package io.facegate.trigger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.camera.Camera;
import io.facegate.gpio.Gpio;
import io.facegate.gpio.Output;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /events}: Server-Sent Events named {@code camera-state}, {@code face-detected}, {@code rule-fired},
 * {@code output-changed} (and {@code output-state}, {@code command}), each with a JSON object carrying its
 * {@code time}.
 *
 * <p>Each subscription starts with every camera's {@code camera-state} and every output's {@code output-state}, so a
 * client connecting late knows where things stand. Every event carries an SSE {@code id} ({@code <boot>-<number>})
 * and the stream asks for a {@code retry} of {@value #RETRY_MILLIS} ms: a client reconnecting with
 * {@code Last-Event-ID} is first sent the events it missed, when this process still keeps them, then the current
 * states.
 */
public final class EventsService implements HttpService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    static final long RETRY_MILLIS = 2_000;

    private final Triggers triggers;
    /** Tells this process's event numbers from an earlier one's: a client must not resume across a restart. */
    private final String boot = Long.toString(System.currentTimeMillis(), 36);

    public EventsService(Triggers triggers) {
        this.triggers = triggers;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::stream);
    }

    private void stream(ServerRequest req, ServerResponse res) {
        EventBus bus = triggers.events();
        Optional<Long> resumeAfter = req.headers().first(HeaderNames.create("Last-Event-ID")).flatMap(this::number);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        // Written by hand: Helidon 4.5's SseSink drops an event's reconnect delay (no "retry:" line).
        try (EventBus.Subscription events = bus.subscribe(); OutputStream out = res.outputStream()) {
            long upTo = bus.lastId();
            write(out, "retry: " + RETRY_MILLIS + "\n\n");
            Optional<List<EventBus.Event>> missed = resumeAfter.flatMap(id -> bus.since(id, upTo));
            for (EventBus.Event e : missed.orElse(List.of())) {
                write(out, event(e));
            }
            for (EventBus.Event e : currentStates(upTo)) {
                write(out, event(e));
            }
            long idle = 0;
            while (true) {
                EventBus.Event e = events.poll(1000);
                if (e != null) {
                    if (e.id() > upTo) {
                        write(out, event(e));
                    }
                    idle = 0;
                } else if (bus.closed()) {
                    break;
                } else if ((idle += 1000) >= KEEP_ALIVE_MILLIS) {
                    write(out, ": keep-alive\n\n");
                    idle = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | UncheckedIOException e) {
            // the client went away
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Every camera's and output's state now, numbered as the last event sent before them. */
    private List<EventBus.Event> currentStates(long id) {
        Instant now = Instant.now();
        List<EventBus.Event> states = new java.util.ArrayList<>();
        for (Camera.Status s : triggers.cameraStatus()) {
            states.add(new EventBus.Event(id, "camera-state", now,
                    Map.of("camera", s.name(), "state", s.state(), "detail", s.detail())));
        }
        Gpio lines = triggers.gpio();  // null until the lines are claimed, just after the listener binds
        for (Output.Status o : lines == null ? List.<Output.Status>of() : lines.outputStatus()) {
            states.add(new EventBus.Event(id, "output-state", now,
                    Map.of("output", o.name(), "active", o.active(), "level", o.level(),
                            "lastChange", o.lastChange())));
        }
        return states;
    }

    /** The bus number in a {@code Last-Event-ID} of this process, or empty. */
    private Optional<Long> number(String lastEventId) {
        String prefix = boot + "-";
        if (!lastEventId.startsWith(prefix)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(lastEventId.substring(prefix.length())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** One event in the SSE text format; the JSON is on one line (Jackson writes no line breaks). */
    private String event(EventBus.Event e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("time", e.time().toString());
        data.putAll(e.data());
        try {
            return "id: " + boot + "-" + e.id() + "\nevent: " + e.type() + "\ndata: " + JSON.writeValueAsString(data)
                    + "\n\n";
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
