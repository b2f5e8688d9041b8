package io.facegate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cameras, GPIO lines and the rules joining them ({@code cameras.<name>.*}, {@code gpio.*}, {@code rules.<name>.*}),
 * read and checked by {@link ConfigLoader}. Ratios (regions, face sizes) are fractions of the frame.
 */
public record TriggerConfig(Map<String, Camera> cameras, Gpio gpio, Map<String, Rule> rules) {

    /** No cameras, no lines, no rules. */
    public static TriggerConfig none() {
        return new TriggerConfig(Map.of(), new Gpio(Gpio.Provider.NONE, Optional.empty(), Map.of(), Map.of()), Map.of());
    }

    /** Where frames come from. */
    public sealed interface Source {
    }

    /** The kinds of {@link Source}, as {@code cameras.<name>.source} names them. */
    public enum SourceKind { HTTP, PROCESS, FOLDER }

    /** MJPEG over HTTP ({@code multipart/x-mixed-replace}, as IP cameras and {@code ffmpeg -f mpjpeg} serve). */
    public record HttpSource(java.net.URI url) implements Source {
    }

    /** A command writing MJPEG to its stdout ({@code ffmpeg ... -f mjpeg -}, {@code rpicam-vid --codec mjpeg -o -}). */
    public record ProcessSource(List<String> command) implements Source {
    }

    /** A folder where JPEG files are dropped; each new file is one frame. */
    public record FolderSource(Path folder, Duration poll) implements Source {
    }

    /**
     * One camera. {@code detectFps} caps detections per second (frames in between are dropped, counted);
     * {@code region}, when present, is the only part of the frame searched; {@code snapshotDir}, when present,
     * receives the frame of every detection that fired a rule (nothing is written otherwise). A camera reconnecting
     * for {@code lostAfter} is lost.
     */
    public record Camera(String name, Source source, double detectFps, Optional<Box> region, Optional<Path> snapshotDir,
                         Duration reconnectMin, Duration reconnectMax, Duration stallTimeout, Duration lostAfter) {
    }

    /** A rectangle as fractions of the frame: left, top, width, height. */
    public record Box(double left, double top, double width, double height) {
        public boolean contains(double x, double y) {
            return x >= left && x <= left + width && y >= top && y <= top + height;
        }
    }

    /** GPIO: the provider ({@code gpiod} on the board, {@code none} logs), the chip, and the named lines. */
    public record Gpio(Provider provider, Optional<String> chip, Map<String, Output> outputs, Map<String, Input> inputs) {
        public enum Provider { GPIOD, NONE }
    }

    public enum OutputMode { PULSE, LEVEL }

    /**
     * An output line. Active means "act" (door unlocked, relay energised, screen on); idle is its opposite.
     * {@code activeLow} inverts the electrical level. {@code pulse} is how long a pulse lasts, {@code hold} how long a
     * level output stays active after its rule last matched; {@code coolDown} runs from the moment the line went
     * idle; {@code maxOn} ends any activation, whatever keeps asking for it.
     */
    public record Output(String name, int line, OutputMode mode, Duration pulse, Duration hold, boolean activeLow,
                         Duration coolDown, boolean initialActive, boolean shutdownActive, Duration maxOn) {
    }

    public enum Pull { OFF, UP, DOWN }

    /** An input line (button, PIR): going active triggers an immediate detection on {@code camera} (or every one). */
    public record Input(String name, int line, Pull pull, boolean activeLow, Duration debounce, Optional<String> camera) {
    }

    /** A face size: a fraction of the frame height, or pixels. */
    public record FaceSize(double value, boolean pixels) {
    }

    /** Local time of day, {@code from} inclusive, {@code to} exclusive; wraps over midnight when {@code to < from}. */
    public record TimeWindow(LocalTime from, LocalTime to) {
        public boolean contains(LocalTime t) {
            return from.isBefore(to) || from.equals(to)
                    ? !t.isBefore(from) && t.isBefore(to)
                    : !t.isBefore(from) || t.isBefore(to);
        }
    }

    /**
     * When at least {@code minFaces} faces, each with confidence at least {@code minConfidence} (0..1), height at
     * least {@code minFaceSize} and centre inside {@code region}, are seen on {@code camera} (empty: any camera),
     * within {@code window} if given, then drive {@code output}. When {@code releaseOnCameraLost}, losing the
     * rule's camera drives the output idle at once.
     */
    public record Rule(String name, Optional<String> camera, int minFaces, double minConfidence, FaceSize minFaceSize,
                       Box region, Optional<TimeWindow> window, String output, boolean releaseOnCameraLost) {
    }
}
