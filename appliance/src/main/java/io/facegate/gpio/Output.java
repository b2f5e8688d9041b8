package io.facegate.gpio;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.facegate.config.TriggerConfig;

/**
 * One output with its safety logic. Active means "act" (door unlocked, relay energised); the electrical level is
 * active XOR {@code active-low}. A pulse output goes active for its pulse length; a level output stays active while
 * {@link #request} keeps being called, plus its hold time. No activation lasts longer than {@code max-on}, and after
 * the line goes idle no activation starts again until the cool-down has passed.
 */
public final class Output {

    /** What a {@link #request} did. */
    public enum Outcome { ACTIVATED, EXTENDED, ALREADY_ACTIVE, COOLING_DOWN, STOPPED }

    /** Sees every change of an output's state, with why: {@code request}, {@code done}, {@code max-on}, {@code shutdown}. */
    public interface Listener {
        void changed(Output output, boolean active, String reason);
    }

    private final TriggerConfig.Output config;
    private final Line line;
    private final ScheduledExecutorService timer;
    private final Listener listener;

    private boolean active;
    private boolean stopped;
    private long activeSince;
    private long idleSince;
    private long wantedUntil;
    private ScheduledFuture<?> expiry;
    private long activations;
    private long coolDownRefusals;
    private long maxOnCuts;
    private Instant lastChange = Instant.now();

    Output(TriggerConfig.Output config, Line line, ScheduledExecutorService timer, Listener listener) {
        this.config = config;
        this.line = line;
        this.timer = timer;
        this.listener = listener;
        this.idleSince = System.nanoTime() - config.coolDown().toNanos();
        if (config.initialActive()) {
            synchronized (this) {
                long now = System.nanoTime();
                active = true;
                activeSince = now;
                wantedUntil = now + length().toNanos();
                scheduleExpiry(now);
            }
        }
    }

    public String name() {
        return config.name();
    }

    public TriggerConfig.Output config() {
        return config;
    }

    /** A rule matched: start a pulse, or start or extend a level activation. */
    public Outcome request() {
        Outcome outcome;
        synchronized (this) {
            if (stopped) {
                return Outcome.STOPPED;
            }
            long now = System.nanoTime();
            if (active) {
                if (config.mode() == TriggerConfig.OutputMode.PULSE) {
                    return Outcome.ALREADY_ACTIVE;
                }
                wantedUntil = now + config.hold().toNanos();
                scheduleExpiry(now);
                return Outcome.EXTENDED;
            }
            if (now - idleSince < config.coolDown().toNanos()) {
                coolDownRefusals++;
                return Outcome.COOLING_DOWN;
            }
            active = true;
            activeSince = now;
            activations++;
            wantedUntil = now + length().toNanos();
            line.drive(level(true));
            lastChange = Instant.now();
            scheduleExpiry(now);
            outcome = Outcome.ACTIVATED;
        }
        listener.changed(this, true, "request");
        return outcome;
    }

    private Duration length() {
        return config.mode() == TriggerConfig.OutputMode.PULSE ? config.pulse() : config.hold();
    }

    private long deadline() {
        return Math.min(wantedUntil, activeSince + config.maxOn().toNanos());
    }

    private void scheduleExpiry(long now) {
        if (expiry != null) {
            expiry.cancel(false);
        }
        expiry = timer.schedule(this::expire, Math.max(0, deadline() - now), TimeUnit.NANOSECONDS);
    }

    private void expire() {
        String reason;
        synchronized (this) {
            if (!active || stopped) {
                return;
            }
            long now = System.nanoTime();
            if (now < deadline()) {
                scheduleExpiry(now);
                return;
            }
            boolean capped = wantedUntil > activeSince + config.maxOn().toNanos();
            if (capped) {
                maxOnCuts++;
            }
            reason = capped ? "max-on" : "done";
            active = false;
            idleSince = now;
            line.drive(level(false));
            lastChange = Instant.now();
        }
        listener.changed(this, false, reason);
    }

    /**
     * Ends an activation at once and drives the line idle (its camera is lost), with {@code reason} in the change;
     * later requests work as usual. Nothing happens when it is idle or stopped.
     */
    public void release(String reason) {
        synchronized (this) {
            if (!active || stopped) {
                return;
            }
            if (expiry != null) {
                expiry.cancel(false);
            }
            active = false;
            idleSince = System.nanoTime();
            line.drive(level(false));
            lastChange = Instant.now();
        }
        listener.changed(this, false, reason);
    }

    /** Drives the line to its shutdown state and ignores every later request. Idempotent. */
    void shutdown() {
        boolean changed;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (expiry != null) {
                expiry.cancel(false);
            }
            changed = active != config.shutdownActive();
            active = config.shutdownActive();
            line.drive(level(active));
            if (changed) {
                lastChange = Instant.now();
            }
        }
        if (changed) {
            listener.changed(this, active, "shutdown");
        }
    }

    private boolean level(boolean wantActive) {
        return wantActive != config.activeLow();
    }

    /** The state for {@code GET /status}. */
    public synchronized Status status() {
        return new Status(config.name(), config.line(), active, Status.level(line.high()), lastChange.toString(),
                activations, coolDownRefusals, maxOnCuts);
    }

    /**
     * An output's state: {@code active} is what it does (act or idle), {@code level} the electrical level of its line,
     * {@code "high"} or {@code "low"}, named as in the {@code output-changed} events; {@code lastChange} when it last
     * changed (or was claimed), ISO-8601.
     */
    public record Status(String name, int line, boolean active, String level, String lastChange, long activations,
                         long coolDownRefusals, long maxOnCuts) {

        /** The word for an electrical level, in {@code /status}, the events and MQTT alike. */
        public static String level(boolean high) {
            return high ? "high" : "low";
        }
    }
}
