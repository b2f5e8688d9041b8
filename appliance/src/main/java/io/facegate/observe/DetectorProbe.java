package io.facegate.observe;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.helidon.health.HealthCheckResponse;

/**
 * Tells whether the detector still answers: a probe inference (the caller's, on a small grey image), run on its
 * own thread with a timeout, at most once per {@code maxAge} however often health is asked. Readiness is DOWN when the probe fails or
 * has not answered within {@code timeout}; liveness is DOWN only once a probe has hung for {@code wedgedAfter},
 * which means a native call that will not come back.
 */
public final class DetectorProbe {

    private final Runnable inference;
    private final Duration timeout;
    private final Duration maxAge;
    private final Duration wedgedAfter;

    private CompletableFuture<Void> inFlight;
    private long inFlightSince;
    private HealthCheckResponse last;
    private long lastAt;

    public DetectorProbe(Runnable inference, Duration timeout, Duration maxAge, Duration wedgedAfter) {
        this.inference = inference;
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.wedgedAfter = wedgedAfter;
    }

    /** The readiness answer: UP with the probe's time, or DOWN with why. */
    public synchronized HealthCheckResponse readiness() {
        long now = System.nanoTime();
        if (inFlight == null && last != null && now - lastAt < maxAge.toNanos()) {
            return last;
        }
        if (inFlight == null) {
            inFlightSince = now;
            inFlight = CompletableFuture.runAsync(inference,
                    task -> Thread.ofPlatform().daemon().name("facegate-probe").start(task));
        }
        long waited = now - inFlightSince;
        try {
            inFlight.get(Math.max(0, timeout.toNanos() - waited), TimeUnit.NANOSECONDS);
            last = HealthCheckResponse.builder().status(true)
                    .detail("probeMillis", (System.nanoTime() - inFlightSince) / 1_000_000).build();
        } catch (TimeoutException e) {
            return HealthCheckResponse.builder().status(false)
                    .detail("error", "probe inference unanswered after " + (System.nanoTime() - inFlightSince) / 1_000_000
                            + " ms")
                    .build();
        } catch (ExecutionException e) {
            last = HealthCheckResponse.builder().status(false)
                    .detail("error", "probe inference failed: " + e.getCause()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheckResponse.builder().status(false).detail("error", "interrupted").build();
        }
        inFlight = null;
        lastAt = System.nanoTime();
        return last;
    }

    /** The liveness answer: DOWN only while a probe has hung for longer than {@code wedgedAfter}. */
    public synchronized HealthCheckResponse liveness() {
        long hung = inFlight == null || inFlight.isDone() ? 0 : System.nanoTime() - inFlightSince;
        return HealthCheckResponse.builder().status(hung < wedgedAfter.toNanos())
                .detail("probeHungMillis", hung / 1_000_000).build();
    }
}
