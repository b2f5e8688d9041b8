package io.facegate.gpio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import com.pi4j.io.gpio.digital.DigitalState;
import io.facegate.config.TriggerConfig;
import io.facegate.config.TriggerConfig.OutputMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

/** Door safety on Pi4J's mock lines: cool-down, maximum on-time, active-low, initial and shutdown states. */
class OutputSafetyTest {

    private final MockGpio mock = new MockGpio();
    private final List<String> reasons = new CopyOnWriteArrayList<>();
    private Gpio gpio;

    @AfterEach
    void close() {
        if (gpio != null) {
            gpio.close();
        }
    }

    private Output open(TriggerConfig.Output config) throws GpioException {
        return open(config, Map.of());
    }

    private Output open(TriggerConfig.Output config, Map<String, TriggerConfig.Input> inputs) throws GpioException {
        gpio = mock.open(new TriggerConfig.Gpio(TriggerConfig.Gpio.Provider.GPIOD, Optional.empty(),
                Map.of(config.name(), config), inputs), (o, active, reason) -> reasons.add(active + ":" + reason),
                (input, camera) -> reasons.add("input:" + input));
        return gpio.output(config.name()).orElseThrow();
    }

    private static TriggerConfig.Output door(OutputMode mode, long pulseMs, long holdMs, boolean activeLow,
                                             long coolDownMs, long maxOnMs) {
        return new TriggerConfig.Output("door", 17, mode, Duration.ofMillis(pulseMs), Duration.ofMillis(holdMs),
                activeLow, Duration.ofMillis(coolDownMs), false, false, Duration.ofMillis(maxOnMs));
    }

    @Test
    void pulseEndsAndCoolDownRefusesRetriggerUntilItHasPassed() throws Exception {
        Output door = open(door(OutputMode.PULSE, 150, 0, false, 600, 5000));
        assertThat("initial idle level", mock.high("door"), is(false));
        long start = System.nanoTime();
        assertThat(door.request(), is(Output.Outcome.ACTIVATED));
        assertThat(mock.high("door"), is(true));
        assertThat(door.request(), is(Output.Outcome.ALREADY_ACTIVE));
        waitFor(() -> !mock.high("door"), 2000);
        long pulseMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(pulseMs, greaterThanOrEqualTo(150L));
        assertThat(door.request(), is(Output.Outcome.COOLING_DOWN));
        Thread.sleep(300);
        assertThat("still within the 600 ms cool-down", door.request(), is(Output.Outcome.COOLING_DOWN));
        assertThat(mock.high("door"), is(false));
        Thread.sleep(400);
        assertThat(door.request(), is(Output.Outcome.ACTIVATED));
        assertThat(mock.levels("door"), contains(true, false, true));
        assertThat(door.status().coolDownRefusals(), is(2L));
    }

    @Test
    void maximumOnTimeEndsALevelHeldForever() throws Exception {
        Output door = open(door(OutputMode.LEVEL, 0, 300, false, 400, 700));
        long start = System.nanoTime();
        long end = start + 2_000_000_000L;
        long offAt = 0;
        // The rule keeps matching every 50 ms for 2 s; the line must still drop after 700 ms.
        while (System.nanoTime() < end) {
            door.request();
            if (offAt == 0 && !mock.high("door") && System.nanoTime() - start > 100_000_000L) {
                offAt = System.nanoTime();
            }
            Thread.sleep(50);
        }
        long onMs = (offAt - start) / 1_000_000;
        assertThat("went idle at the cap", onMs, greaterThanOrEqualTo(700L));
        assertThat("went idle at the cap", onMs, lessThan(900L));
        assertThat(reasons.get(1), is("false:max-on"));
        assertThat("re-activated only after the cool-down, then capped again", door.status().maxOnCuts(),
                greaterThanOrEqualTo(1L));
        assertThat(reasons.get(2), is("true:request"));
    }

    @Test
    void levelHoldsWhileMatchingThenForTheHoldTime() throws Exception {
        Output door = open(door(OutputMode.LEVEL, 0, 300, false, 0, 5000));
        long lastMatch = 0;
        for (int i = 0; i < 10; i++) {
            door.request();
            lastMatch = System.nanoTime();
            Thread.sleep(50);
        }
        assertThat(mock.high("door"), is(true));
        waitFor(() -> !mock.high("door"), 2000);
        long afterMs = (System.nanoTime() - lastMatch) / 1_000_000;
        assertThat(afterMs, greaterThanOrEqualTo(280L));
        assertThat(mock.levels("door"), contains(true, false));
    }

    @Test
    void activeLowInvertsEveryLevel() throws Exception {
        Output door = open(door(OutputMode.PULSE, 100, 0, true, 0, 5000));
        assertThat("idle is high on an active-low board", mock.high("door"), is(true));
        door.request();
        assertThat("active drives it low", mock.high("door"), is(false));
        assertThat(door.status().active(), is(true));
        waitFor(() -> mock.high("door"), 2000);
        gpio.close();
        assertThat("shutdown state idle = high", mock.high("door"), is(true));
        assertThat(mock.levels("door"), contains(false, true));
    }

    @Test
    void closeDrivesOutputsToTheirShutdownStateAndIgnoresLaterRequests() throws Exception {
        Output door = open(door(OutputMode.LEVEL, 0, 5000, false, 0, 10_000));
        door.request();
        assertThat(mock.high("door"), is(true));
        gpio.close();
        assertThat(mock.high("door"), is(false));
        assertThat(door.request(), is(Output.Outcome.STOPPED));
        Thread.sleep(100);
        assertThat(mock.levels("door"), contains(true, false));
    }

    @Test
    void pi4jContextShutdownAlsoDrivesTheSafeStateFirst() throws Exception {
        Output door = open(door(OutputMode.LEVEL, 0, 5000, true, 0, 10_000));
        door.request();
        assertThat(mock.high("door"), is(false));
        // Pi4J's context shut down by something other than facegate (its own JVM hook, were it enabled).
        mock.context().shutdown();
        assertThat(reasons, contains("true:request", "false:shutdown"));
        assertThat(door.request(), is(Output.Outcome.STOPPED));
        assertThat(mock.levels("door").getFirst(), is(false));
        assertThat("active-low idle level", mock.levels("door").get(1), is(true));
    }

    @Test
    void initialActiveIsCappedLikeAnyActivation() throws Exception {
        var config = new TriggerConfig.Output("screen", 22, OutputMode.LEVEL, Duration.ZERO, Duration.ofMillis(200),
                false, Duration.ZERO, true, false, Duration.ofSeconds(5));
        open(config);
        assertThat("initial state active", mock.high("screen"), is(true));
        waitFor(() -> !mock.high("screen"), 2000);
    }

    @Test
    void inputTriggersOnItsActiveEdgeOnly() throws Exception {
        var input = new TriggerConfig.Input("button", 5, TriggerConfig.Pull.UP, true, Duration.ofMillis(10),
                Optional.empty());
        open(door(OutputMode.PULSE, 100, 0, false, 0, 5000), Map.of("button", input));
        mock.input("button").mockState(DigitalState.HIGH);
        mock.input("button").mockState(DigitalState.LOW);
        mock.input("button").mockState(DigitalState.HIGH);
        waitFor(() -> reasons.contains("input:button"), 2000);
        assertThat(reasons.stream().filter(r -> r.equals("input:button")).count(), is(1L));
    }

    static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeoutMs + " ms");
            }
            Thread.sleep(5);
        }
    }
}
