package io.facegate.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Tells systemd about the service (sd_notify(3)): {@code READY=1} once {@code GET /observe/health} first answers
 * 200, then, with {@code WatchdogSec=}, {@code WATCHDOG=1} every half watchdog timeout but only while that health
 * check still answers 200 (models loaded, detector probe answering, not hung, server serving), and
 * {@code STOPPING=1} on {@link #close()}. A missed ping lets systemd restart the unit. Owns its socket and thread;
 * does nothing when {@code NOTIFY_SOCKET} is unset.
 */
public final class SystemdNotifier implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SystemdNotifier.class.getName());
    private static final Duration READY_POLL = Duration.ofMillis(250);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final NotifySocket socket;
    private final HttpClient http;
    private final Thread thread;
    private boolean closed;

    private SystemdNotifier(NotifySocket socket, HttpClient http, Thread thread) {
        this.socket = socket;
        this.http = http;
        this.thread = thread;
    }

    /**
     * Starts notifying the systemd named in {@code env} (the process environment in production) about the service
     * whose health check is {@code health}; without {@code NOTIFY_SOCKET} in {@code env}, a notifier that does nothing.
     *
     * @throws NotifyException when the environment's settings are invalid or the socket cannot be created
     */
    public static SystemdNotifier start(Map<String, String> env, URI health) {
        Optional<NotifySettings> settings = NotifySettings.from(env, ProcessHandle.current().pid());
        if (settings.isEmpty()) {
            return new SystemdNotifier(null, null, null);
        }
        NotifySocket socket = NotifySocket.open(settings.get().socket());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Optional<Duration> watchdog = settings.get().watchdog();
        SystemdNotifier notifier = new SystemdNotifier(socket, http,
                Thread.ofPlatform().daemon().name("facegate-systemd").unstarted(() -> {
                    try {
                        run(socket, http, health, watchdog);
                    } catch (InterruptedException e) {
                        // closed
                    }
                }));
        notifier.thread.start();
        return notifier;
    }

    private static void run(NotifySocket socket, HttpClient http, URI health, Optional<Duration> watchdog)
            throws InterruptedException {
        while (problem(http, health, READY_TIMEOUT).isPresent()) {
            Thread.sleep(READY_POLL);
        }
        send(socket, "READY=1");
        LOG.info(() -> "told systemd READY=1" + watchdog.map(w -> "; pinging its watchdog every "
                + w.dividedBy(2).toMillis() + " ms while " + health + " answers 200").orElse(""));
        if (watchdog.isEmpty()) {
            return;
        }
        Duration every = watchdog.get().dividedBy(2);
        boolean wasHealthy = true;
        long next = System.nanoTime();
        while (true) {
            Optional<String> problem = problem(http, health, every);
            if (problem.isEmpty()) {
                send(socket, "WATCHDOG=1");
                if (!wasHealthy) {
                    LOG.info("healthy again: pinging the systemd watchdog");
                }
            } else if (wasHealthy) {
                LOG.warning(() -> "unhealthy, not pinging the systemd watchdog (it restarts the unit unless health"
                        + " returns): " + problem.get());
            }
            wasHealthy = problem.isEmpty();
            long now = System.nanoTime();
            next = Math.max(next + every.toNanos(), now);
            Thread.sleep(Duration.ofNanos(next - now));
        }
    }

    /** Empty when {@code health} answers 200 within {@code timeout}, else what it answered. */
    private static Optional<String> problem(HttpClient http, URI health, Duration timeout) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.empty()
                    : Optional.of(response.statusCode() + " " + response.body());
        } catch (IOException e) {
            return Optional.of(e.toString());
        }
    }

    private static void send(NotifySocket socket, String message) {
        try {
            socket.send(message);
        } catch (NotifyException e) {
            LOG.warning(e::getMessage);
        }
    }

    /**
     * Sends {@code STOPPING=1}, stops the thread and closes the socket; call it first on shutdown, so systemd sees
     * the stop as intended while the server winds down. Idempotent; failures are logged, not thrown.
     */
    @Override
    public synchronized void close() {
        if (socket == null || closed) {
            return;
        }
        closed = true;
        send(socket, "STOPPING=1");
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.shutdownNow();
        try {
            socket.close();
        } catch (NotifyException e) {
            LOG.warning(e::getMessage);
        }
    }
}
