package io.facegate.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/**
 * Issue 14, items 14 and 15. A client that connects late first gets every camera's and every output's current state
 * (an output claimed active at start-up is seen without any change); every event has an SSE {@code id:} and the
 * stream asks for a {@code retry:} delay; a client reconnecting with {@code Last-Event-ID} gets what it missed.
 * {@code /status} names an output's electrical level as the events do: {@code level: "high"/"low"}.
 */
class EventsOnConnectIT {

    private static Path drops;

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> {
        try {
            drops = Files.createTempDirectory("facegate-events-drops-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return Map.ofEntries(
                Map.entry("detector.tile-above-pixels", "1000"),
                Map.entry("cameras.door.source", "folder"),
                Map.entry("cameras.door.folder", drops.toString()),
                Map.entry("cameras.door.poll", "50ms"),
                Map.entry("gpio.provider", "none"),
                Map.entry("gpio.outputs.door.line", "17"),
                Map.entry("gpio.outputs.door.mode", "level"),
                Map.entry("gpio.outputs.door.hold", "300ms"),
                Map.entry("gpio.outputs.door.cool-down", "0s"),
                Map.entry("gpio.outputs.screen.line", "18"),
                Map.entry("gpio.outputs.screen.mode", "level"),
                Map.entry("gpio.outputs.screen.initial", "active"),
                Map.entry("gpio.outputs.screen.hold", "1h"),
                Map.entry("gpio.outputs.screen.max-on", "1h"),
                Map.entry("rules.open.camera", "door"),
                Map.entry("rules.open.min-confidence", "0.8"),
                Map.entry("rules.open.output", "door"));
    });

    @Test
    void aLateClientFirstGetsTheCurrentStatesThenResumesAfterItsLastEventId() throws Exception {
        String lastId;
        try (SseStream first = new SseStream(SERVER.endpoint(), null)) {
            int streaming = first.await(e -> e.type().equals("camera-state") && "streaming".equals(e.get("state")),
                    Duration.ofSeconds(10));
            List<SseStream.Event> opening = first.events().subList(0, 3);
            assertThat("the current states come first", opening.stream().map(SseStream.Event::type).toList(),
                    containsInAnyOrder("camera-state", "output-state", "output-state"));
            SseStream.Event screen = opening.stream().filter(e -> "screen".equals(e.get("output"))).findFirst()
                    .orElseThrow();
            assertThat("claimed active at start-up, seen without any change", screen.get("active"), is(true));
            assertThat(screen.get("level"), is("high"));
            SseStream.Event door = opening.stream().filter(e -> "door".equals(e.get("output"))).findFirst()
                    .orElseThrow();
            assertThat(door.get("active"), is(false));
            assertThat(door.get("level"), is("low"));
            assertThat("a reconnect delay is set", first.retry(), is(notNullValue()));
            assertThat("every event has an id", first.events().stream().filter(e -> e.id() == null).toList(),
                    is(List.of()));
            lastId = first.events().get(Math.max(streaming, 2)).id();
        }

        FolderCamera camera = new FolderCamera(drops);
        camera.drop(FolderCamera.faceJpeg());
        awaitStatus(s -> outputs(s).get("door").get("activations").equals(1)
                && outputs(s).get("door").get("active").equals(false));

        try (SseStream resumed = new SseStream(SERVER.endpoint(), lastId)) {
            int off = resumed.await(e -> e.type().equals("output-changed") && "door".equals(e.get("output"))
                    && Boolean.FALSE.equals(e.get("active")), Duration.ofSeconds(10));
            List<String> missed = resumed.events().subList(0, off + 1).stream().map(SseStream.Event::type)
                    .filter(t -> !t.equals("camera-state") && !t.equals("output-state")).toList();
            assertThat("what happened while away, in order", missed,
                    contains("face-detected", "output-changed", "rule-fired", "output-changed"));
            int state = resumed.await(e -> e.type().equals("output-state") && "door".equals(e.get("output")),
                    Duration.ofSeconds(5));
            assertThat("then the current state", state, greaterThan(off));
            assertThat(resumed.events().get(state).get("active"), is(false));
        }

        Map<String, Map<String, Object>> outputs = outputs(status());
        assertThat(outputs.get("screen").get("level"), is("high"));
        assertThat(outputs.get("door").get("level"), is("low"));
        assertThat("one vocabulary: level, as in the events", outputs.get("door"), not(hasKey("high")));

        var preview = SERVER.send(java.net.http.HttpRequest.newBuilder(SERVER.endpoint().resolve("/ui/preview/door"))
                .build());
        assertThat("no image is shown unless ui.preview is on", preview.statusCode(), is(404));
        assertThat(preview.body(), is("previews are off (ui.preview: false)"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> outputs(Map<String, Object> status) {
        Map<String, Map<String, Object>> byName = new java.util.TreeMap<>();
        for (Object o : (List<Object>) status.get("outputs")) {
            Map<String, Object> output = (Map<String, Object>) o;
            byName.put((String) output.get("name"), output);
        }
        return byName;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status() throws Exception {
        var response = SERVER.send(java.net.http.HttpRequest.newBuilder(SERVER.endpoint().resolve("/status")).build());
        assertThat(response.statusCode(), is(200));
        return new ObjectMapper().readValue(response.body(), Map.class);
    }

    private static void awaitStatus(java.util.function.Predicate<Map<String, Object>> p) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Map<String, Object> last = null;
        while (System.nanoTime() < end) {
            last = status();
            if (p.test(last)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status never matched: " + last);
    }
}
