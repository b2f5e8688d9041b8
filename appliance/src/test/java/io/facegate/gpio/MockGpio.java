package io.facegate.gpio;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import io.facegate.config.TriggerConfig;
import io.facegate.trigger.Triggers;

/**
 * Pi4J's mock plugin standing in for the board's gpiod lines: the production {@link Gpio} code runs unchanged on a
 * mock context. Each output's electrical levels are recorded, with when they were set, through Pi4J's own listener.
 */
public final class MockGpio implements Triggers.GpioOpener {

    /** One level change seen on a mock line. */
    public record Change(String line, boolean high, long nanos) {
    }

    private volatile Context context;
    private final List<Change> changes = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, DigitalOutput> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public Gpio open(TriggerConfig.Gpio config, Output.Listener outputs, BiConsumer<String, Optional<String>> inputs)
            throws GpioException {
        context = Pi4J.newContextBuilder().disableShutdownHook().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        Gpio gpio = Gpio.open(config, context, MockDigitalOutputProvider.ID, MockDigitalInputProvider.ID, outputs, inputs);
        for (String name : config.outputs().keySet()) {
            DigitalOutput out = context.registry().get("out-" + name, DigitalOutput.class);
            this.outputs.put(name, out);
            out.addListener(e -> changes.add(new Change(name, e.state() == DigitalState.HIGH, System.nanoTime())));
        }
        return gpio;
    }

    public Context context() {
        return context;
    }

    public DigitalOutput output(String name) {
        return outputs.get(name);
    }

    public boolean high(String name) {
        return output(name).isHigh();
    }

    public MockDigitalInput input(String name) {
        return context.registry().get("in-" + name, MockDigitalInput.class);
    }

    /** Every level change of every output so far, in order. */
    public List<Change> changes() {
        return List.copyOf(changes);
    }

    public List<Boolean> levels(String name) {
        return changes.stream().filter(c -> c.line().equals(name)).map(Change::high).toList();
    }
}
