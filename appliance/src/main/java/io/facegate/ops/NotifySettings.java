package io.facegate.ops;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * What systemd passes a {@code Type=notify} service in its environment, read as sd_notify(3) and
 * sd_watchdog_enabled(3) read it: {@code NOTIFY_SOCKET}, and with {@code WatchdogSec=} the timeout
 * {@code WATCHDOG_USEC}, meant for {@code WATCHDOG_PID} when that is set.
 *
 * @param socket   an absolute path or an abstract socket name starting with {@code @} (checked by the socket)
 * @param watchdog the watchdog timeout, empty when there is none for this process
 */
public record NotifySettings(String socket, Optional<Duration> watchdog) {

    /**
     * The settings in {@code env} for the process {@code pid}; empty when {@code NOTIFY_SOCKET} is unset or empty
     * (not started by systemd as {@code Type=notify}).
     *
     * @throws NotifyException when a variable is set but invalid
     */
    public static Optional<NotifySettings> from(Map<String, String> env, long pid) {
        String socket = env.getOrDefault("NOTIFY_SOCKET", "");
        if (socket.isEmpty()) {
            return Optional.empty();
        }
        String usec = env.get("WATCHDOG_USEC");
        if (usec == null) {
            return Optional.of(new NotifySettings(socket, Optional.empty()));
        }
        long timeout = positive("WATCHDOG_USEC", usec);
        String watchdogPid = env.get("WATCHDOG_PID");
        if (watchdogPid != null && positive("WATCHDOG_PID", watchdogPid) != pid) {
            return Optional.of(new NotifySettings(socket, Optional.empty()));
        }
        return Optional.of(new NotifySettings(socket, Optional.of(Duration.of(timeout, ChronoUnit.MICROS))));
    }

    private static long positive(String name, String value) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new NotifyException(name + " is not a positive integer: " + value);
    }
}
