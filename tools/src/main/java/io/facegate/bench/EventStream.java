package io.facegate.bench;

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
 * {@code GET /events} (Server-Sent Events) read on a thread of its own; each event is stamped with
 * {@link System#nanoTime()} when its blank terminating line arrived, the moment the bench "receives" it.
 */
final class EventStream implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: its name, its JSON data and when it was received. */
    record Event(String type, Map<String, Object> data, long receivedNanos) {
        Object get(String key) {
            return data.get(key);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final Stream<String> lines;

    EventStream(URI service) {
        try {
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(service.resolve("/events"))
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                throw new BenchException("GET /events answered " + response.statusCode());
            }
            lines = response.body();
        } catch (IOException e) {
            throw new BenchException("GET /events failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
        Thread.ofPlatform().daemon().name("sse").start(this::read);
    }

    @SuppressWarnings("unchecked")
    private void read() {
        String type = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                } else if (line.isEmpty() && type != null) {
                    long now = System.nanoTime();
                    events.add(new Event(type, JSON.readValue(data.toString(), Map.class), now));
                    type = null;
                    data.setLength(0);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // the stream ended
        }
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** Waits until an event matches; false when none did within {@code timeout}. */
    boolean await(Predicate<Event> matches, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (events.stream().anyMatch(matches)) {
                return true;
            }
            ServiceJvm.sleep(20);
        }
        return false;
    }

    static Predicate<Event> output(boolean active) {
        return e -> e.type().equals("output-changed") && ServiceYaml.OUTPUT.equals(e.get("output"))
                && Boolean.valueOf(active).equals(e.get("active"));
    }

    static Predicate<Event> cameraState(String state) {
        return e -> e.type().equals("camera-state") && ServiceYaml.CAMERA.equals(e.get("camera"))
                && state.equals(e.get("state"));
    }

    @Override
    public void close() {
        lines.close();
        http.close();
    }
}
