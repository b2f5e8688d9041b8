package io.facegate.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Every process the benchmark starts (the service JVMs, ffmpeg), stopped when the benchmark ends however it ends: a
 * JVM shutdown hook (Ctrl-C, an exception) sends SIGTERM to those still running, then SIGKILL after a grace time.
 */
final class Children {

    private static final List<Process> RUNNING = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(p -> stop(p, 10)), "bench-cleanup"));
    }

    private Children() {
    }

    static Process start(ProcessBuilder builder) {
        try {
            Process p = builder.start();
            RUNNING.add(p);
            return p;
        } catch (IOException e) {
            throw new BenchException("cannot start " + builder.command().getFirst() + ": " + e.getMessage(), e);
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within {@code graceSeconds}; waits for the exit. */
    static void stop(Process p, int graceSeconds) {
        if (p == null) {
            return;
        }
        try {
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(graceSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            RUNNING.remove(p);
        }
    }
}
