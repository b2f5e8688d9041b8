package io.facegate.trigger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.facegate.face.Face;
import io.facegate.face.FaceAttributes;
import io.facegate.pipeline.FaceResult;
import io.facegate.camera.Camera;
import io.facegate.config.TriggerConfig;
import io.facegate.config.TriggerConfig.Box;
import io.facegate.config.TriggerConfig.FaceSize;
import io.facegate.gpio.Gpio;
import io.facegate.gpio.MockGpio;
import io.facegate.gpio.Output;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** Which detections fire a rule: camera, face count, confidence, size in pixels or as a fraction, region, window. */
class RuleEngineTest {

    private final MockGpio mock = new MockGpio();
    private Gpio gpio;

    @AfterEach
    void close() {
        if (gpio != null) {
            gpio.close();
        }
    }

    private RuleEngine engine(TriggerConfig.Rule rule, LocalTime now) throws Exception {
        var out = new TriggerConfig.Output("door", 17, TriggerConfig.OutputMode.PULSE, Duration.ofMillis(100),
                Duration.ZERO, false, Duration.ZERO, false, false, Duration.ofSeconds(1));
        gpio = mock.open(new TriggerConfig.Gpio(TriggerConfig.Gpio.Provider.GPIOD, Optional.empty(),
                Map.of("door", out), Map.of()), (o, a, r) -> { }, (i, c) -> { });
        Clock clock = Clock.fixed(now.atDate(java.time.LocalDate.of(2026, 1, 1)).toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC);
        return new RuleEngine(Map.of(rule.name(), rule), gpio, clock);
    }

    private static TriggerConfig.Rule rule(Optional<String> camera, int minFaces, double conf, FaceSize size, Box region,
                                           Optional<TriggerConfig.TimeWindow> window) {
        return new TriggerConfig.Rule("r", camera, minFaces, conf, size, region, window, "door", true);
    }

    /** A face with its box centre at (cx, cy) and the given height, all fractions of a 640×480 frame; score 0..1. */
    private static Face face(double cx, double cy, double height, double score) {
        double width = height * 0.75;
        return new Face(new Face.Box(cx - width / 2, cy - height / 2, width, height), score, List.of(),
                new Face.Pose(0, 0, 0), new Face.Quality(0.5, 0.5), FaceAttributes.NONE);
    }

    private static Camera.Detected seen(String camera, Face... faces) {
        return new Camera.Detected(camera, new Camera.Frame(1, new byte[0], System.nanoTime(), Instant.now()),
                new FaceResult(640, 480, List.of(faces), 0, 0), 0);
    }

    @Test
    void firesOnlyWhenEnoughFacesPassEveryCondition() throws Exception {
        RuleEngine rules = engine(rule(Optional.of("front"), 2, 0.9, new FaceSize(0.2, false), new Box(0, 0, 0.5, 1),
                Optional.empty()), LocalTime.NOON);
        Face good = face(0.25, 0.5, 0.3, 0.95);
        assertThat("one face is not two", rules.evaluate(seen("front", good)), is(empty()));
        assertThat("other camera", rules.evaluate(seen("back", good, good)), is(empty()));
        assertThat("low confidence", rules.evaluate(seen("front", good, face(0.25, 0.5, 0.3, 0.85))), is(empty()));
        assertThat("too small", rules.evaluate(seen("front", good, face(0.25, 0.5, 0.15, 0.95))), is(empty()));
        assertThat("outside the region", rules.evaluate(seen("front", good, face(0.75, 0.5, 0.3, 0.95))), is(empty()));
        var fired = rules.evaluate(seen("front", good, face(0.1, 0.4, 0.25, 0.99)));
        assertThat(fired, hasSize(1));
        assertThat(fired.getFirst().outcome(), is(Output.Outcome.ACTIVATED));
        assertThat(mock.high("door"), is(true));
    }

    @Test
    void pixelSizesUseTheFrameHeight() throws Exception {
        RuleEngine rules = engine(rule(Optional.empty(), 1, 0, new FaceSize(100, true), new Box(0, 0, 1, 1),
                Optional.empty()), LocalTime.NOON);
        assertThat("0.2 × 480 = 96 px", rules.evaluate(seen("any", face(0.5, 0.5, 0.2, 0.90))), is(empty()));
        assertThat("0.21 × 480 = 101 px", rules.evaluate(seen("any", face(0.5, 0.5, 0.21, 0.90))), hasSize(1));
    }

    @Test
    void outsideTheTimeWindowNothingFires() throws Exception {
        var window = Optional.of(new TriggerConfig.TimeWindow(LocalTime.of(7, 0), LocalTime.of(19, 0)));
        RuleEngine night = engine(rule(Optional.empty(), 1, 0, new FaceSize(0, false), new Box(0, 0, 1, 1), window),
                LocalTime.of(23, 0));
        assertThat(night.evaluate(seen("front", face(0.5, 0.5, 0.3, 0.99))), is(empty()));
        assertThat(mock.high("door"), is(false));
    }
}
