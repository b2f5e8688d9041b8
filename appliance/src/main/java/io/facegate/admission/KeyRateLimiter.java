package io.facegate.admission;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per access key: {@code ratePerSecond} requests per second on average, bursts of up to
 * {@code burst}. Only authenticated key ids (a bounded set, from the credentials file) or one anonymous id reach it.
 */
public final class KeyRateLimiter {

    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public KeyRateLimiter(double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (ratePerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("ratePerSecond > 0 and burst >= 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one token for {@code keyId}; false when its bucket is empty. */
    public boolean tryTake(String keyId) {
        return buckets.computeIfAbsent(keyId, k -> new Bucket(burst, nanoTime.getAsLong())).take(this);
    }

    private static final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean take(KeyRateLimiter limiter) {
            long now = limiter.nanoTime.getAsLong();
            tokens = Math.min(limiter.burst, tokens + (now - last) * limiter.ratePerNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
