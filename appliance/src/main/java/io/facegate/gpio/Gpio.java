package io.facegate.gpio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.event.ShutdownEvent;
import com.pi4j.event.ShutdownListener;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import io.facegate.config.TriggerConfig;

/**
 * The one owner of every GPIO line. Outputs are claimed already at their initial level (Pi4J sets it before the pin
 * becomes an output) and are driven to their shutdown level by {@link #close()}, which facegate's shutdown hook
 * reaches on SIGTERM. Pi4J's own JVM shutdown hook is turned off: racing ours, it could release the lines while an
 * output was still being driven (Pi4J/pi4j#371). Should anything else shut the Pi4J context down, its
 * {@code beforeShutdown} callback still drives every output to its shutdown level first and later requests are
 * ignored. With provider {@code none} the lines only log what they would do.
 */
public final class Gpio implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Gpio.class.getName());

    private final Optional<Context> pi4j;
    private final ScheduledExecutorService timer;
    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final List<String> inputs = new ArrayList<>();
    private boolean closed;

    private Gpio(Optional<Context> pi4j) {
        this.pi4j = pi4j;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "facegate-gpio");
            t.setDaemon(true);
            return t;
        });
    }

    /** The lines of {@code config} on the board (gpiod) or logged (none). */
    public static Gpio open(TriggerConfig.Gpio config, Output.Listener outputs, BiConsumer<String, Optional<String>> inputs)
            throws GpioException {
        if (config.provider() == TriggerConfig.Gpio.Provider.NONE) {
            Gpio gpio = new Gpio(Optional.empty());
            config.outputs().values().forEach(o -> gpio.outputs.put(o.name(), new Output(o,
                    new LoggedLine(o.name(), o.line(), o.initialActive() != o.activeLow()), gpio.timer, outputs)));
            config.inputs().values().forEach(i -> LOG.info(() -> "gpio.provider none: input " + i.name() + " (line "
                    + i.line() + ") is not watched"));
            return gpio;
        }
        Context context;
        try {
            var builder = Pi4J.newContextBuilder().noAutoDetect().disableShutdownHook()
                    .add(GpioDDigitalOutputProvider.newInstance(), GpioDDigitalInputProvider.newInstance());
            if (config.chip().isPresent()) {
                builder.property("gpio.chip.name", chipName(config.chip().get()));
            }
            context = builder.build();
        } catch (RuntimeException | LinkageError e) {
            throw new GpioException("gpio.provider gpiod: cannot start Pi4J's gpiod provider on this machine ("
                    + e + "); use gpio.provider: none off the board", e);
        }
        return open(config, context, GpioDDigitalOutputProvider.ID, GpioDDigitalInputProvider.ID, outputs, inputs);
    }

    /** The lines of {@code config} on a Pi4J context built by the caller, with the given provider ids. */
    public static Gpio open(TriggerConfig.Gpio config, Context context, String outputProvider, String inputProvider,
                            Output.Listener outputListener, BiConsumer<String, Optional<String>> inputListener)
            throws GpioException {
        Gpio gpio = new Gpio(Optional.of(context));
        context.addListener(new ShutdownListener() {
            @Override
            public void beforeShutdown(ShutdownEvent event) {
                gpio.driveShutdownStates();
            }

            @Override
            public void onShutdown(ShutdownEvent event) {
                // the lines are already at their shutdown levels
            }
        });
        try {
            for (TriggerConfig.Output o : config.outputs().values()) {
                DigitalOutput out = context.create(DigitalOutput.newConfigBuilder(context)
                        .id("out-" + o.name()).name(o.name()).address(o.line())
                        .initial(state(o.initialActive() != o.activeLow()))
                        .shutdown(state(o.shutdownActive() != o.activeLow()))
                        .provider(outputProvider));
                gpio.outputs.put(o.name(), new Output(o, new Pi4jLine(out), gpio.timer, outputListener));
            }
            for (TriggerConfig.Input i : config.inputs().values()) {
                DigitalInput in = context.create(DigitalInput.newConfigBuilder(context)
                        .id("in-" + i.name()).name(i.name()).address(i.line())
                        .pull(switch (i.pull()) {
                            case UP -> PullResistance.PULL_UP;
                            case DOWN -> PullResistance.PULL_DOWN;
                            case OFF -> PullResistance.OFF;
                        })
                        .debounce(i.debounce().toNanos() / 1000, TimeUnit.MICROSECONDS)
                        .provider(inputProvider));
                DigitalState activeState = state(!i.activeLow());
                in.addListener(e -> {
                    if (e.state() == activeState) {
                        inputListener.accept(i.name(), i.camera());
                    }
                });
                gpio.inputs.add(i.name());
            }
        } catch (RuntimeException | LinkageError e) {
            gpio.close();
            throw new GpioException("cannot claim the GPIO lines: " + e, e);
        }
        return gpio;
    }

    private static DigitalState state(boolean high) {
        return high ? DigitalState.HIGH : DigitalState.LOW;
    }

    /**
     * A chip given by label ({@code pinctrl-rp1}: the Pi 5 renamed gpiochip4 to gpiochip0 in kernel 6.6.47) becomes
     * its device name through sysfs ({@code /sys/class/gpio/gpiochip<base>/label} and the {@code gpiochipN} beside it
     * under {@code device/}); a device name ({@code gpiochip0}) is taken as is.
     */
    static String chipName(String chip) throws GpioException {
        return chipName(chip, Path.of("/sys/class/gpio"));
    }

    static String chipName(String chip, Path sysClassGpio) throws GpioException {
        if (chip.matches("gpiochip\\d+")) {
            return chip;
        }
        List<String> labels = new ArrayList<>();
        try (Stream<Path> chips = Files.list(sysClassGpio)) {
            for (Path dir : chips.filter(p -> p.getFileName().toString().startsWith("gpiochip")).sorted().toList()) {
                Path label = dir.resolve("label");
                if (!Files.isRegularFile(label)) {
                    continue;
                }
                String text = Files.readString(label).trim();
                labels.add(text);
                if (text.equals(chip)) {
                    try (Stream<Path> devices = Files.list(dir.resolve("device"))) {
                        Optional<String> name = devices.map(p -> p.getFileName().toString())
                                .filter(n -> n.matches("gpiochip\\d+")).findFirst();
                        if (name.isPresent()) {
                            return name.get();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new GpioException("gpio.chip: cannot read " + sysClassGpio + " to find the chip labelled '" + chip
                    + "' (" + e + "); give its device name (gpiochip0) instead", e);
        }
        throw new GpioException("gpio.chip: no GPIO chip labelled '" + chip + "'; labels found: " + labels, null);
    }

    public Optional<Output> output(String name) {
        return Optional.ofNullable(outputs.get(name));
    }

    public List<Output.Status> outputStatus() {
        return outputs.values().stream().map(Output::status).toList();
    }

    public List<String> inputs() {
        return List.copyOf(inputs);
    }

    private void driveShutdownStates() {
        outputs.values().forEach(Output::shutdown);
    }

    /** Drives every output to its shutdown level, then releases the lines. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driveShutdownStates();
        } finally {
            timer.shutdownNow();
            pi4j.ifPresent(context -> {
                try {
                    if (!context.isShutdown()) {
                        context.shutdown();
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Pi4J shutdown", e);
                }
            });
        }
    }

    /** A Pi4J digital output. */
    private record Pi4jLine(DigitalOutput out) implements Line {
        @Override
        public void drive(boolean high) {
            out.state(state(high));
        }

        @Override
        public boolean high() {
            return out.isHigh();
        }
    }

    /** {@code gpio.provider: none}: logs every level it would drive. */
    private static final class LoggedLine implements Line {
        private final String name;
        private final int line;
        private volatile boolean high;

        LoggedLine(String name, int line, boolean initial) {
            this.name = name;
            this.line = line;
            this.high = initial;
            LOG.info(() -> "gpio.provider none: output " + name + " (line " + line + ") starts " + (initial ? "high" : "low"));
        }

        @Override
        public void drive(boolean level) {
            high = level;
            LOG.info(() -> "gpio.provider none: would drive output " + name + " (line " + line + ") " + (level ? "high" : "low"));
        }

        @Override
        public boolean high() {
            return high;
        }
    }
}
