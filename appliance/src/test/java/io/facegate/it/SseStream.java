package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A raw {@code GET /events} reader that keeps what a browser's EventSource keeps: each event's {@code id:},
 * {@code event:} and {@code data:}, and the {@code retry:} the server asked for. {@code lastEventId} is sent as
 * {@code Last-Event-ID}, as a reconnecting EventSource does.
 */
public final class SseStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as received: its id (null when it had none), name and JSON data. */
    public record Event(String id, String type, Map<String, Object> data) {
        public Object get(String key) {
            return data.get(key);
        }
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private volatile Stream<String> lines;
    private volatile Long retry;

    public SseStream(URI server, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve("/events"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /events answered " + response.statusCode());
        }
        lines = response.body();
        Thread reader = new Thread(this::read, "sse-stream");
        reader.setDaemon(true);
        reader.start();
    }

    @SuppressWarnings("unchecked")
    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("retry:")) {
                    retry = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty()) {
                    if (type != null) {
                        events.add(new Event(id, type, JSON.readValue(data.toString(), Map.class)));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // stream closed
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    /** The {@code retry:} the server sent, or null. */
    public Long retry() {
        return retry;
    }

    /** Waits until {@code n} events have arrived; returns them all. */
    public List<Event> await(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (events.size() < n && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        if (events.size() < n) {
            throw new AssertionError("only " + events.size() + " of " + n + " events within " + timeout + ": " + events);
        }
        return events();
    }

    /** Waits for an event matching {@code p}; returns its index. */
    public int await(Predicate<Event> p, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            List<Event> now = events();
            for (int i = 0; i < now.size(); i++) {
                if (p.test(now.get(i))) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching event within " + timeout + "; got " + events());
    }

    @Override
    public void close() {
        if (lines != null) {
            lines.close();
        }
        http.close();
    }
}
