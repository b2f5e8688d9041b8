package io.facegate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.facegate.config.TriggerConfig.Box;
import io.facegate.config.TriggerConfig.Camera;
import io.facegate.config.TriggerConfig.FaceSize;
import io.facegate.config.TriggerConfig.Gpio;
import io.facegate.config.TriggerConfig.Input;
import io.facegate.config.TriggerConfig.Output;
import io.facegate.config.TriggerConfig.OutputMode;
import io.facegate.config.TriggerConfig.Pull;
import io.facegate.config.TriggerConfig.Rule;
import io.facegate.config.TriggerConfig.TimeWindow;
import io.helidon.config.Config;

/**
 * Reads and checks {@code cameras.<name>.*}, {@code gpio.*} and {@code rules.<name>.*}, adding every problem to the
 * caller's list. Durations are written {@code 500ms}, {@code 2s}, {@code 1.5s} or {@code 10m}.
 */
final class TriggerConfigReader {

    static final Set<String> SECTIONS = Set.of("cameras", "gpio", "rules");

    private static final Set<String> CAMERA_KEYS = Set.of("source", "url", "command", "folder", "poll", "detect-fps",
            "region", "snapshot-dir", "reconnect-min", "reconnect-max", "stall-timeout");
    private static final Set<String> OUTPUT_KEYS = Set.of("line", "mode", "pulse", "hold", "active-low", "cool-down",
            "initial", "shutdown", "max-on");
    private static final Set<String> INPUT_KEYS = Set.of("line", "pull", "active-low", "debounce", "camera");
    private static final Set<String> RULE_KEYS = Set.of("camera", "min-faces", "min-confidence", "min-face-size",
            "region", "window", "output");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m)");
    private static final Pattern COMMAND_ITEM = Pattern.compile("command\\.(\\d+)");

    private final Config config;
    private final List<String> problems;

    TriggerConfigReader(Config config, List<String> problems) {
        this.config = config;
        this.problems = problems;
    }

    static boolean owns(String key) {
        return SECTIONS.contains(key.split("\\.", 2)[0]);
    }

    TriggerConfig read(Set<String> presentKeys) {
        Map<String, Set<String>> cameraKeys = new TreeMap<>();
        Map<String, Set<String>> outputKeys = new TreeMap<>();
        Map<String, Set<String>> inputKeys = new TreeMap<>();
        Map<String, Set<String>> ruleKeys = new TreeMap<>();
        for (String key : presentKeys) {
            String[] p = key.split("\\.");
            if (p[0].equals("cameras") && p.length >= 3) {
                group(cameraKeys, key, p[1], String.join(".", List.of(p).subList(2, p.length)), CAMERA_KEYS);
            } else if (p[0].equals("rules") && p.length == 3) {
                group(ruleKeys, key, p[1], p[2], RULE_KEYS);
            } else if (p[0].equals("gpio") && p.length == 4 && p[1].equals("outputs")) {
                group(outputKeys, key, p[2], p[3], OUTPUT_KEYS);
            } else if (p[0].equals("gpio") && p.length == 4 && p[1].equals("inputs")) {
                group(inputKeys, key, p[2], p[3], INPUT_KEYS);
            } else if (!key.equals("gpio.provider") && !key.equals("gpio.chip")) {
                problems.add("unknown key '" + key + "'; expected cameras.<name>." + new TreeSet<>(CAMERA_KEYS)
                        + ", gpio.provider, gpio.chip, gpio.outputs.<name>." + new TreeSet<>(OUTPUT_KEYS)
                        + ", gpio.inputs.<name>." + new TreeSet<>(INPUT_KEYS) + " or rules.<name>."
                        + new TreeSet<>(RULE_KEYS));
            }
        }
        Map<String, Camera> cameras = new TreeMap<>();
        cameraKeys.forEach((name, keys) -> camera(name, keys).ifPresent(c -> cameras.put(name, c)));
        Map<String, Output> outputs = new TreeMap<>();
        outputKeys.keySet().forEach(name -> output(name).ifPresent(o -> outputs.put(name, o)));
        Map<String, Input> inputs = new TreeMap<>();
        inputKeys.keySet().forEach(name -> input(name, cameras.keySet()).ifPresent(i -> inputs.put(name, i)));
        Gpio.Provider provider = choice("gpio.provider", Gpio.Provider.class, Gpio.Provider.NONE);
        Gpio gpio = new Gpio(provider, optional("gpio.chip"), Map.copyOf(outputs), Map.copyOf(inputs));
        checkLinesDistinct(outputs, inputs);
        Map<String, Rule> rules = new TreeMap<>();
        ruleKeys.keySet().forEach(name -> rule(name, cameras.keySet(), outputs.keySet()).ifPresent(r -> rules.put(name, r)));
        return new TriggerConfig(Map.copyOf(cameras), gpio, Map.copyOf(rules));
    }

    private void group(Map<String, Set<String>> groups, String key, String name, String leaf, Set<String> known) {
        if (!NAME.matcher(name).matches()) {
            problems.add(key + ": a name has 1..64 characters of [A-Za-z0-9_-]");
            return;
        }
        String base = COMMAND_ITEM.matcher(leaf).matches() ? "command" : leaf;
        if (!known.contains(base)) {
            problems.add("unknown key '" + key + "'; known: " + new TreeSet<>(known));
            return;
        }
        groups.computeIfAbsent(name, n -> new TreeSet<>()).add(leaf);
    }

    private Optional<Camera> camera(String name, Set<String> keys) {
        String p = "cameras." + name + ".";
        int before = problems.size();
        String kind = optional(p + "source").orElse("");
        TriggerConfig.Source source = switch (kind) {
            case "http" -> {
                Optional<String> url = optional(p + "url");
                if (url.isEmpty()) {
                    problems.add(p + "url: missing; an http camera needs its MJPEG stream URL");
                }
                yield url.map(u -> uri(p + "url", u)).map(TriggerConfig.HttpSource::new).orElse(null);
            }
            case "process" -> {
                List<String> command = command(p, keys);
                if (command.isEmpty()) {
                    problems.add(p + "command: missing; a process camera needs a command writing MJPEG to stdout");
                }
                yield new TriggerConfig.ProcessSource(command);
            }
            case "folder" -> {
                Path folder = optional(p + "folder").map(Path::of).orElse(null);
                if (folder == null || !Files.isDirectory(folder)) {
                    problems.add(p + "folder: " + (folder == null ? "missing" : "'" + folder + "' is not a folder"));
                }
                yield new TriggerConfig.FolderSource(folder, duration(p + "poll", Duration.ofMillis(200)));
            }
            default -> {
                problems.add(p + "source: '" + kind + "' is not one of http, process, folder");
                yield null;
            }
        };
        double fps = decimal(p + "detect-fps", 5.0, 0.01, 100.0);
        Optional<Box> region = optional(p + "region").map(r -> box(p + "region", r));
        Optional<Path> snapshots = optional(p + "snapshot-dir").map(Path::of);
        snapshots.filter(d -> !Files.isDirectory(d))
                .ifPresent(d -> problems.add(p + "snapshot-dir: '" + d + "' is not a folder"));
        Duration min = duration(p + "reconnect-min", Duration.ofMillis(500));
        Duration max = duration(p + "reconnect-max", Duration.ofSeconds(30));
        if (max.compareTo(min) < 0) {
            problems.add(p + "reconnect-max: must be at least reconnect-min");
        }
        Duration stall = duration(p + "stall-timeout", Duration.ofSeconds(10));
        return problems.size() > before ? Optional.empty()
                : Optional.of(new Camera(name, source, fps, region, snapshots, min, max, stall));
    }

    private List<String> command(String prefix, Set<String> keys) {
        if (keys.contains("command")) {
            return optional(prefix + "command").map(c -> List.of(c.trim().split("\\s+"))).orElse(List.of());
        }
        Map<Integer, String> items = new TreeMap<>();
        for (String key : keys) {
            Matcher m = COMMAND_ITEM.matcher(key);
            if (m.matches()) {
                items.put(Integer.parseInt(m.group(1)), optional(prefix + key).orElse(""));
            }
        }
        return List.copyOf(items.values());
    }

    private Optional<Output> output(String name) {
        String p = "gpio.outputs." + name + ".";
        int before = problems.size();
        int line = integer(p + "line", null, 0, 1023);
        OutputMode mode = choice(p + "mode", OutputMode.class, OutputMode.PULSE);
        Duration pulse = duration(p + "pulse", Duration.ofSeconds(2));
        Duration hold = duration(p + "hold", Duration.ofSeconds(5));
        boolean activeLow = bool(p + "active-low", false);
        Duration coolDown = duration(p + "cool-down", Duration.ofSeconds(2));
        boolean initial = state(p + "initial");
        boolean shutdown = state(p + "shutdown");
        Duration maxOn = duration(p + "max-on", Duration.ofSeconds(10));
        if (maxOn.isZero()) {
            problems.add(p + "max-on: must be above 0 (it is the safety cap on any activation)");
        }
        if (mode == OutputMode.PULSE && (pulse.isZero() || pulse.compareTo(maxOn) > 0)) {
            problems.add(p + "pulse: must be above 0 and at most max-on (" + maxOn.toMillis() + "ms)");
        }
        return problems.size() > before ? Optional.empty() : Optional.of(
                new Output(name, line, mode, pulse, hold, activeLow, coolDown, initial, shutdown, maxOn));
    }

    private Optional<Input> input(String name, Set<String> cameras) {
        String p = "gpio.inputs." + name + ".";
        int before = problems.size();
        int line = integer(p + "line", null, 0, 1023);
        Pull pull = choice(p + "pull", Pull.class, Pull.OFF);
        boolean activeLow = bool(p + "active-low", false);
        Duration debounce = duration(p + "debounce", Duration.ofMillis(50));
        Optional<String> camera = cameraRef(p + "camera", cameras);
        return problems.size() > before ? Optional.empty()
                : Optional.of(new Input(name, line, pull, activeLow, debounce, camera));
    }

    private Optional<Rule> rule(String name, Set<String> cameras, Set<String> outputs) {
        String p = "rules." + name + ".";
        int before = problems.size();
        Optional<String> camera = cameraRef(p + "camera", cameras);
        int minFaces = integer(p + "min-faces", 1, 1, 100);
        double minConfidence = decimal(p + "min-confidence", 0.0, 0.0, 1.0);
        FaceSize size = optional(p + "min-face-size").map(s -> faceSize(p + "min-face-size", s))
                .orElse(new FaceSize(0, false));
        Box region = optional(p + "region").map(r -> box(p + "region", r)).orElse(new Box(0, 0, 1, 1));
        Optional<TimeWindow> window = optional(p + "window").map(w -> window(p + "window", w));
        String output = optional(p + "output").orElse("");
        if (!outputs.contains(output)) {
            problems.add(p + "output: '" + output + "' is not a configured gpio.outputs.<name>; known: "
                    + new TreeSet<>(outputs));
        }
        return problems.size() > before ? Optional.empty()
                : Optional.of(new Rule(name, camera, minFaces, minConfidence, size, region, window, output));
    }

    private void checkLinesDistinct(Map<String, Output> outputs, Map<String, Input> inputs) {
        Map<Integer, String> used = new TreeMap<>();
        outputs.values().forEach(o -> claim(used, o.line(), "gpio.outputs." + o.name()));
        inputs.values().forEach(i -> claim(used, i.line(), "gpio.inputs." + i.name()));
    }

    private void claim(Map<Integer, String> used, int line, String owner) {
        String previous = used.putIfAbsent(line, owner);
        if (previous != null) {
            problems.add(owner + ".line: line " + line + " is already used by " + previous);
        }
    }

    private Optional<String> cameraRef(String key, Set<String> cameras) {
        Optional<String> camera = optional(key).filter(c -> !c.equals("any"));
        camera.filter(c -> !cameras.contains(c)).ifPresent(c -> problems.add(key + ": '" + c
                + "' is not a configured camera; known: " + new TreeSet<>(cameras) + " or any"));
        return camera;
    }

    private Optional<String> optional(String key) {
        return config.get(key).asString().asOptional().map(String::trim).filter(s -> !s.isEmpty());
    }

    private <T> T value(String key, T fallback, Function<String, T> parse, String expected) {
        Optional<String> raw = optional(key);
        if (raw.isEmpty()) {
            if (fallback == null) {
                problems.add(key + ": missing; expected " + expected);
            }
            return fallback;
        }
        try {
            T v = parse.apply(raw.get());
            if (v != null) {
                return v;
            }
        } catch (RuntimeException ignored) {
            // reported below with the expected form
        }
        problems.add(key + ": '" + raw.get() + "' is not " + expected);
        return fallback;
    }

    private int integer(String key, Integer fallback, int min, int max) {
        Integer v = value(key, fallback, s -> {
            int i = Integer.parseInt(s);
            return i >= min && i <= max ? i : null;
        }, "a whole number in " + min + ".." + max);
        return v == null ? 0 : v;
    }

    private double decimal(String key, double fallback, double min, double max) {
        return value(key, fallback, s -> {
            double d = Double.parseDouble(s);
            return d >= min && d <= max ? d : null;
        }, "a number in " + min + ".." + max);
    }

    private boolean bool(String key, boolean fallback) {
        return value(key, fallback, s -> switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> null;
        }, "true or false");
    }

    private boolean state(String key) {
        return value(key, false, s -> switch (s) {
            case "idle" -> false;
            case "active" -> true;
            default -> null;
        }, "idle or active");
    }

    private <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        return value(key, fallback, s -> names.contains(s) ? Enum.valueOf(type, s.toUpperCase(Locale.ROOT)) : null,
                "one of " + String.join(", ", names));
    }

    private Duration duration(String key, Duration fallback) {
        return value(key, fallback, TriggerConfigReader::parseDuration, "a duration such as 500ms, 2s or 1m");
    }

    static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            return null;
        }
        double n = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1000;
            default -> n * 60_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    private Box box(String key, String s) {
        Box b = value(key, null, v -> {
            String[] p = v.split(",");
            if (p.length != 4) {
                return null;
            }
            double l = Double.parseDouble(p[0].trim());
            double t = Double.parseDouble(p[1].trim());
            double w = Double.parseDouble(p[2].trim());
            double h = Double.parseDouble(p[3].trim());
            boolean ok = l >= 0 && t >= 0 && w > 0 && h > 0 && l + w <= 1.0001 && t + h <= 1.0001;
            return ok ? new Box(l, t, w, h) : null;
        }, "left,top,width,height as fractions of the frame, inside 0..1");
        return b == null ? new Box(0, 0, 1, 1) : b;
    }

    private FaceSize faceSize(String key, String s) {
        FaceSize size = value(key, null, v -> {
            if (v.endsWith("px")) {
                double px = Double.parseDouble(v.substring(0, v.length() - 2).trim());
                return px >= 0 ? new FaceSize(px, true) : null;
            }
            double f = Double.parseDouble(v);
            return f >= 0 && f <= 1 ? new FaceSize(f, false) : null;
        }, "a fraction of the frame height (0.15) or pixels (80px)");
        return size == null ? new FaceSize(0, false) : size;
    }

    private TimeWindow window(String key, String s) {
        return value(key, null, v -> {
            String[] p = v.split("-");
            if (p.length != 2) {
                return null;
            }
            try {
                return new TimeWindow(LocalTime.parse(p[0].trim()), LocalTime.parse(p[1].trim()));
            } catch (DateTimeParseException e) {
                return null;
            }
        }, "HH:MM-HH:MM (local time; 22:00-06:00 wraps over midnight)");
    }

    private URI uri(String key, String s) {
        try {
            URI u = new URI(s);
            if ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) {
                return u;
            }
        } catch (URISyntaxException ignored) {
            // reported below
        }
        problems.add(key + ": '" + s + "' is not an http(s) URL");
        return null;
    }
}
