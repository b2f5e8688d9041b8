package io.facegate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of one key becomes a value: {@link #parse} returns the value or throws
 * {@link IllegalArgumentException}; {@link #expected()} says in a few words what is accepted, for error messages and
 * the generated key table.
 */
public interface ValueType<T> {

    /** The value, or {@link IllegalArgumentException} when {@code text} is not acceptable. */
    T parse(String text);

    /** What is accepted, as in "a whole number in 0..65535". */
    String expected();

    static <T> ValueType<T> of(String expected, Function<String, T> parse) {
        return new ValueType<>() {
            @Override
            public T parse(String text) {
                T value;
                try {
                    value = parse.apply(text.trim());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(expected, e);
                }
                if (value == null) {
                    throw new IllegalArgumentException(expected);
                }
                return value;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    static ValueType<Integer> integer(int min, int max) {
        return of("a whole number in " + min + ".." + max, s -> {
            int v = Integer.parseInt(s);
            return v >= min && v <= max ? v : null;
        });
    }

    static ValueType<Long> longInteger(long min, long max) {
        return of("a whole number in " + min + ".." + max, s -> {
            long v = Long.parseLong(s);
            return v >= min && v <= max ? v : null;
        });
    }

    static ValueType<Double> decimal(double min, double max) {
        return of("a number in " + min + ".." + max, s -> {
            double v = Double.parseDouble(s);
            return v >= min && v <= max ? v : null;
        });
    }

    static ValueType<Boolean> bool() {
        return of("true or false", s -> switch (s) {
            case "true" -> true;
            case "false" -> false;
            default -> null;
        });
    }

    static ValueType<String> oneOf(String... allowed) {
        List<String> values = List.of(allowed);
        return of("one of " + String.join(", ", values), s -> values.contains(s) ? s : null);
    }

    /** An enum constant by its lower-case name ({@code PULSE} is written {@code pulse}). */
    static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        List<String> names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        return of("one of " + String.join(", ", names),
                s -> names.contains(s) ? Enum.valueOf(type, s.toUpperCase(Locale.ROOT)) : null);
    }

    /** Any non-blank text. */
    static ValueType<String> text() {
        return of("text", s -> s.isEmpty() ? null : s);
    }

    static ValueType<Path> path() {
        return of("a file or folder path", s -> s.isEmpty() ? null : Path.of(s));
    }

    /** {@code auto} (empty) or a value of {@code type}. */
    static <T> ValueType<Optional<T>> autoOr(ValueType<T> type) {
        return of("auto or " + type.expected(), s -> s.equals("auto") ? Optional.empty() : Optional.of(type.parse(s)));
    }

    /** A duration in {@code [min, max]}: {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 10m}, {@code 1h} or ISO-8601. */
    static ValueType<Duration> duration(Duration min, Duration max) {
        return of("a duration (500ms, 2s, 1m, PT2S) in " + Durations.format(min) + ".." + Durations.format(max),
                s -> {
                    Duration d = Durations.parse(s);
                    return d.compareTo(min) >= 0 && d.compareTo(max) <= 0 ? d : null;
                });
    }

    /** A rectangle as {@code left,top,width,height}, fractions of the frame inside 0..1. */
    static ValueType<TriggerConfig.Box> box() {
        return of("left,top,width,height as fractions of the frame, inside 0..1", s -> {
            String[] p = s.split(",");
            if (p.length != 4) {
                return null;
            }
            double l = Double.parseDouble(p[0].trim());
            double t = Double.parseDouble(p[1].trim());
            double w = Double.parseDouble(p[2].trim());
            double h = Double.parseDouble(p[3].trim());
            boolean inside = l >= 0 && t >= 0 && w > 0 && h > 0 && l + w <= 1.0001 && t + h <= 1.0001;
            return inside ? new TriggerConfig.Box(l, t, w, h) : null;
        });
    }

    /** A face height: a fraction of the frame height ({@code 0.15}) or pixels ({@code 80px}). */
    static ValueType<TriggerConfig.FaceSize> faceSize() {
        return of("a fraction of the frame height (0.15) or pixels (80px)", s -> {
            if (s.endsWith("px")) {
                double px = Double.parseDouble(s.substring(0, s.length() - 2).trim());
                return px >= 0 ? new TriggerConfig.FaceSize(px, true) : null;
            }
            double f = Double.parseDouble(s);
            return f >= 0 && f <= 1 ? new TriggerConfig.FaceSize(f, false) : null;
        });
    }

    /** {@code HH:MM-HH:MM}, local time; wraps over midnight when the end is earlier. */
    static ValueType<TriggerConfig.TimeWindow> timeWindow() {
        return of("HH:MM-HH:MM (local time; 22:00-06:00 wraps over midnight)", s -> {
            String[] p = s.split("-");
            if (p.length != 2) {
                return null;
            }
            try {
                return new TriggerConfig.TimeWindow(LocalTime.parse(p[0].trim()), LocalTime.parse(p[1].trim()));
            } catch (DateTimeParseException e) {
                return null;
            }
        });
    }

    static ValueType<URI> httpUrl() {
        return of("an http(s) URL", s -> {
            try {
                URI u = new URI(s);
                return "http".equals(u.getScheme()) || "https".equals(u.getScheme()) ? u : null;
            } catch (URISyntaxException e) {
                return null;
            }
        });
    }

    /** An MQTT broker: {@code tcp://host[:1883]} or {@code ssl://host[:8883]} ({@code mqtt://}, {@code mqtts://} too). */
    static ValueType<URI> mqttUrl() {
        return of("tcp://host:port or ssl://host:port", s -> {
            try {
                URI u = new URI(s);
                boolean known = List.of("tcp", "ssl", "mqtt", "mqtts").contains(u.getScheme());
                return known && u.getHost() != null && (u.getPath() == null || u.getPath().isEmpty()) ? u : null;
            } catch (URISyntaxException e) {
                return null;
            }
        });
    }

    /** One or more MQTT topic levels without wildcards, e.g. {@code facegate} or {@code site/door}. */
    static ValueType<String> topicPrefix() {
        return of("topic levels without +, # or a leading/trailing /", s -> s.matches("[^+#/\\s]+(/[^+#/\\s]+)*")
                ? s : null);
    }

    /** One MQTT topic level: letters, digits, '-' and '_'. */
    static ValueType<String> topicLevel() {
        return of("1..64 characters of [A-Za-z0-9_-]", s -> s.matches("[A-Za-z0-9_-]{1,64}") ? s : null);
    }

    /** The event types a webhook receives: {@code all} or a comma-separated list. */
    static ValueType<List<String>> eventTypes() {
        List<String> known = List.of("camera-state", "face-detected", "rule-fired", "output-changed", "command");
        return of("all or a comma-separated list of " + String.join(", ", known), s -> {
            if (s.equals("all")) {
                return known;
            }
            List<String> types = Arrays.stream(s.split(",")).map(String::trim).toList();
            return known.containsAll(types) && !types.isEmpty() ? types : null;
        });
    }

    /** The text forms of a {@link Duration}. */
    final class Durations {

        private static final Pattern SHORT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

        private Durations() {
        }

        /** {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT0.5S}). */
        public static Duration parse(String text) {
            String s = text.trim();
            Matcher m = SHORT.matcher(s);
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                double millis = switch (m.group(2)) {
                    case "ms" -> n;
                    case "s" -> n * 1000;
                    case "m" -> n * 60_000;
                    default -> n * 3_600_000;
                };
                return Duration.ofMillis(Math.round(millis));
            }
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        }

        /** The shortest of the short forms that states {@code d} exactly. */
        public static String format(Duration d) {
            long ms = d.toMillis();
            if (ms != 0 && ms % 3_600_000 == 0) {
                return ms / 3_600_000 + "h";
            }
            if (ms != 0 && ms % 60_000 == 0) {
                return ms / 60_000 + "m";
            }
            if (ms % 1000 == 0) {
                return ms / 1000 + "s";
            }
            return ms + "ms";
        }
    }
}
