package io.facegate.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.facegate.config.TriggerConfig.Camera;
import io.facegate.config.TriggerConfig.Gpio;
import io.facegate.config.TriggerConfig.Input;
import io.facegate.config.TriggerConfig.Output;
import io.facegate.config.TriggerConfig.Rule;

/**
 * Reads {@code cameras.<name>.*}, {@code gpio.*} and {@code rules.<name>.*} from declared {@link Keys}, and checks
 * what joins them: each rule's camera and output exist, no line is claimed twice, every source has what it needs.
 */
final class TriggerConfigReader {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern COMMAND_ITEM = Pattern.compile("cameras\\.[^.]+\\.command\\.(\\d+)");

    private final ConfigReader r;

    TriggerConfigReader(ConfigReader reader) {
        this.r = reader;
    }

    TriggerConfig read(Set<String> given) {
        Map<String, Camera> cameras = new TreeMap<>();
        names(given, "cameras.").forEach(name -> camera(name, given).ifPresent(c -> cameras.put(name, c)));
        Map<String, Output> outputs = new TreeMap<>();
        names(given, "gpio.outputs.").forEach(name -> output(name).ifPresent(o -> outputs.put(name, o)));
        Map<String, Input> inputs = new TreeMap<>();
        names(given, "gpio.inputs.").forEach(name -> input(name, cameras.keySet()).ifPresent(i -> inputs.put(name, i)));
        checkLinesDistinct(outputs, inputs);
        Gpio.Provider provider = Optional.ofNullable(r.get(Keys.GPIO_PROVIDER)).orElse(Gpio.Provider.NONE);
        Gpio gpio = new Gpio(provider, r.optional(Keys.GPIO_CHIP), Map.copyOf(outputs), Map.copyOf(inputs));
        Map<String, Rule> rules = new TreeMap<>();
        names(given, "rules.").forEach(name -> rule(name, cameras.keySet(), outputs.keySet())
                .ifPresent(rule -> rules.put(name, rule)));
        return new TriggerConfig(Map.copyOf(cameras), gpio, Map.copyOf(rules));
    }

    /** The valid names under {@code prefix}; a bad name is a problem. */
    private Set<String> names(Set<String> given, String prefix) {
        Set<String> names = new TreeSet<>();
        for (String name : ConfigLoader.names(given, prefix)) {
            if (NAME.matcher(name).matches()) {
                names.add(name);
            } else {
                r.problem(prefix + name + ": a name has 1..64 characters of [A-Za-z0-9_-]");
            }
        }
        return names;
    }

    private Optional<Camera> camera(String name, Set<String> given) {
        int before = r.problems().size();
        TriggerConfig.SourceKind kind = r.get(Keys.CAMERA_SOURCE, name);
        TriggerConfig.Source source = kind == null ? null : switch (kind) {
            case HTTP -> required(Keys.CAMERA_URL, name, "an http camera needs its MJPEG stream URL")
                    .map(TriggerConfig.HttpSource::new).orElse(null);
            case PROCESS -> {
                List<String> command = command(name, given);
                if (command.isEmpty()) {
                    r.problem(Keys.CAMERA_COMMAND.forName(name)
                            + ": missing; a process camera needs a command writing MJPEG to stdout");
                }
                yield new TriggerConfig.ProcessSource(command);
            }
            case FOLDER -> required(Keys.CAMERA_FOLDER, name, "a folder camera needs the folder to watch")
                    .map(f -> new TriggerConfig.FolderSource(f, r.get(Keys.CAMERA_POLL, name))).orElse(null);
        };
        Double fps = r.get(Keys.CAMERA_DETECT_FPS, name);
        Optional<TriggerConfig.Box> region = r.optional(Keys.CAMERA_REGION, name);
        var snapshots = r.optional(Keys.CAMERA_SNAPSHOT_DIR, name);
        Duration min = r.get(Keys.CAMERA_RECONNECT_MIN, name);
        Duration max = r.get(Keys.CAMERA_RECONNECT_MAX, name);
        if (min != null && max != null && max.compareTo(min) < 0) {
            r.problem(Keys.CAMERA_RECONNECT_MAX.forName(name) + ": must be at least reconnect-min");
        }
        Duration stall = r.get(Keys.CAMERA_STALL_TIMEOUT, name);
        Duration lostAfter = r.get(Keys.CAMERA_LOST_AFTER, name);
        return r.problems().size() > before ? Optional.empty()
                : Optional.of(new Camera(name, source, fps, region, snapshots, min, max, stall, lostAfter));
    }

    /** An optional key this camera's source needs: a problem saying {@code why} when it is absent. */
    private <T> Optional<T> required(ConfigKey<T> key, String name, String why) {
        if (r.raw(key.forName(name)).isEmpty()) {
            r.problem(key.forName(name) + ": missing; " + why);
            return Optional.empty();
        }
        return r.optional(key, name);
    }

    /** A command as a YAML list ({@code command.0}, {@code command.1}, …) or one line split at spaces. */
    private List<String> command(String name, Set<String> given) {
        Optional<String> line = r.optional(Keys.CAMERA_COMMAND, name);
        if (line.isPresent()) {
            return List.of(line.get().trim().split("\\s+"));
        }
        Map<Integer, String> items = new TreeMap<>();
        for (String key : given) {
            Matcher m = COMMAND_ITEM.matcher(key);
            if (m.matches() && key.startsWith("cameras." + name + ".")) {
                items.put(Integer.parseInt(m.group(1)), r.raw(key).orElse(""));
            }
        }
        return new ArrayList<>(items.values());
    }

    private Optional<Output> output(String name) {
        int before = r.problems().size();
        Integer line = r.get(Keys.OUTPUT_LINE, name);
        TriggerConfig.OutputMode mode = r.get(Keys.OUTPUT_MODE, name);
        Duration pulse = r.get(Keys.OUTPUT_PULSE, name);
        Duration hold = r.get(Keys.OUTPUT_HOLD, name);
        Boolean activeLow = r.get(Keys.OUTPUT_ACTIVE_LOW, name);
        Duration coolDown = r.get(Keys.OUTPUT_COOL_DOWN, name);
        String initial = r.get(Keys.OUTPUT_INITIAL, name);
        String shutdown = r.get(Keys.OUTPUT_SHUTDOWN, name);
        Duration maxOn = r.get(Keys.OUTPUT_MAX_ON, name);
        if (mode != TriggerConfig.OutputMode.LEVEL && pulse != null && maxOn != null
                && (pulse.isZero() || pulse.compareTo(maxOn) > 0)) {
            r.problem(Keys.OUTPUT_PULSE.forName(name) + ": must be above 0 and at most max-on ("
                    + ValueType.Durations.format(maxOn) + ")");
        }
        return r.problems().size() > before ? Optional.empty() : Optional.of(new Output(name, line, mode, pulse, hold,
                activeLow, coolDown, "active".equals(initial), "active".equals(shutdown), maxOn));
    }

    private Optional<Input> input(String name, Set<String> cameras) {
        int before = r.problems().size();
        Integer line = r.get(Keys.INPUT_LINE, name);
        TriggerConfig.Pull pull = r.get(Keys.INPUT_PULL, name);
        Boolean activeLow = r.get(Keys.INPUT_ACTIVE_LOW, name);
        Duration debounce = r.get(Keys.INPUT_DEBOUNCE, name);
        Optional<String> camera = cameraRef(Keys.INPUT_CAMERA, name, cameras);
        return r.problems().size() > before ? Optional.empty()
                : Optional.of(new Input(name, line, pull, activeLow, debounce, camera));
    }

    private Optional<Rule> rule(String name, Set<String> cameras, Set<String> outputs) {
        int before = r.problems().size();
        Optional<String> camera = cameraRef(Keys.RULE_CAMERA, name, cameras);
        Integer minFaces = r.get(Keys.RULE_MIN_FACES, name);
        Double minConfidence = r.get(Keys.RULE_MIN_CONFIDENCE, name);
        TriggerConfig.FaceSize size = r.get(Keys.RULE_MIN_FACE_SIZE, name);
        TriggerConfig.Box region = r.get(Keys.RULE_REGION, name);
        Optional<TriggerConfig.TimeWindow> window = r.optional(Keys.RULE_WINDOW, name);
        String output = r.get(Keys.RULE_OUTPUT, name);
        String onCameraLost = r.get(Keys.RULE_ON_CAMERA_LOST, name);
        if (output != null && !outputs.contains(output)) {
            r.problem(Keys.RULE_OUTPUT.forName(name) + ": '" + output
                    + "' is not a configured gpio.outputs.<name>; known: " + outputs);
        }
        return r.problems().size() > before ? Optional.empty()
                : Optional.of(new Rule(name, camera, minFaces, minConfidence, size, region, window, output,
                        !"keep".equals(onCameraLost)));
    }

    private void checkLinesDistinct(Map<String, Output> outputs, Map<String, Input> inputs) {
        Map<Integer, String> used = new TreeMap<>();
        outputs.values().forEach(o -> claim(used, o.line(), "gpio.outputs." + o.name()));
        inputs.values().forEach(i -> claim(used, i.line(), "gpio.inputs." + i.name()));
    }

    private void claim(Map<Integer, String> used, int line, String owner) {
        String previous = used.putIfAbsent(line, owner);
        if (previous != null) {
            r.problem(owner + ".line: line " + line + " is already used by " + previous);
        }
    }

    private Optional<String> cameraRef(ConfigKey<String> key, String name, Set<String> cameras) {
        Optional<String> camera = r.optional(key, name).filter(c -> !c.equals("any"));
        camera.filter(c -> !cameras.contains(c)).ifPresent(c -> r.problem(key.forName(name) + ": '" + c
                + "' is not a configured camera; known: " + cameras + " or any"));
        return camera;
    }
}
