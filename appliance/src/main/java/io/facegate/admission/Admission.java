package io.facegate.admission;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to the detector, which has one slot per core it may use. Everything that runs detection acquires a
 * {@link Permit} here and closes it when done, so the box never runs more inferences than it has cores for and never
 * queues without bound.
 *
 * <p>Policy (API callers and, later, camera pipelines share the slots):
 * <ul>
 *   <li>API requests ({@link #acquire}) wait in one first-come-first-served queue of at most {@code maxQueued}, for
 *       at most {@code queueTimeout}. A request that finds the queue full, or times out in it, is refused at once
 *       ({@code ThrottlingException}; every AWS client retries it with backoff) rather than waiting behind work the
 *       box cannot finish in time.</li>
 *   <li>Camera streams ({@link #tryAcquireFrame}) never queue: a frame that cannot start now is dropped (the next
 *       one is fresher). They take a free slot only if no API request is waiting for it (fair order), and together
 *       they never hold more than {@code maxConcurrent − 1} slots when there are two or more, so a busy camera cannot
 *       starve API callers and API callers delay camera frames by at most one queue's worth.</li>
 *   <li>Camera events (a photo dropped in a folder, {@link #acquireFrame}) wait for one of those frame slots, and
 *       while one waits, stream frames are dropped rather than take the slot it waits for.</li>
 * </ul>
 */
public final class Admission {

    private final int maxConcurrent;
    private final int maxQueued;
    private final Duration queueTimeout;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicInteger eventsWaiting = new AtomicInteger();
    private final int maxFrames;

    public Admission(int maxConcurrent, int maxQueued, Duration queueTimeout) {
        if (maxConcurrent < 1 || maxQueued < 0 || queueTimeout.isNegative()) {
            throw new IllegalArgumentException("maxConcurrent >= 1, maxQueued >= 0, queueTimeout >= 0");
        }
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.queueTimeout = queueTimeout;
        this.slots = new Semaphore(maxConcurrent, true);
        this.maxFrames = Math.max(1, maxConcurrent - 1);
    }

    /** An API request's slot: at once if one is free, else after queueing; {@link Busy} if neither is possible. */
    public Permit acquire() throws Busy {
        try {
            // Timed, even with 0: the untimed form would barge ahead of requests already queued.
            if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return new Permit(false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted");
        }
        if (waiting.incrementAndGet() > maxQueued) {
            waiting.decrementAndGet();
            throw new Busy("queue full");
        }
        try {
            if (slots.tryAcquire(queueTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return new Permit(false);
            }
            throw new Busy("queue timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy("interrupted");
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** A camera frame's slot if one is free now and no API request waits for it; empty means drop the frame. */
    public Optional<Permit> tryAcquireFrame() {
        if (eventsWaiting.get() > 0) {
            return Optional.empty();
        }
        return takeFrameSlot();
    }

    /** A camera event's slot, waiting up to {@code timeout} for one; empty when none came (or interrupted). */
    public Optional<Permit> acquireFrame(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        eventsWaiting.incrementAndGet();
        try {
            while (true) {
                Optional<Permit> permit = takeFrameSlot();
                long left = deadline - System.nanoTime();
                if (permit.isPresent() || left <= 0) {
                    return permit;
                }
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            eventsWaiting.decrementAndGet();
        }
    }

    private Optional<Permit> takeFrameSlot() {
        if (frames.incrementAndGet() > maxFrames) {
            frames.decrementAndGet();
            return Optional.empty();
        }
        try {
            // The timed form honours the fair queue (the untimed tryAcquire would barge ahead of waiting requests).
            if (slots.tryAcquire(0, TimeUnit.NANOSECONDS)) {
                return Optional.of(new Permit(true));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        frames.decrementAndGet();
        return Optional.empty();
    }

    /**
     * Whether an API request arriving now would surely be refused: every slot taken and the queue full. A cheap
     * check before reading and parsing a request body, so an overloaded box spends little on requests it refuses.
     */
    public boolean saturated() {
        return slots.availablePermits() == 0 && waiting.get() >= maxQueued;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public int maxQueued() {
        return maxQueued;
    }

    /** Requests now waiting for a slot. */
    public int queued() {
        return waiting.get();
    }

    /** Slots now in use. */
    public int inUse() {
        return maxConcurrent - slots.availablePermits();
    }

    /** One detector slot; close it exactly once (try-with-resources). */
    public final class Permit implements AutoCloseable {
        private final boolean frame;
        private boolean closed;

        private Permit(boolean frame) {
            this.frame = frame;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (frame) {
                    frames.decrementAndGet();
                }
                slots.release();
            }
        }
    }

    /** No slot could be had in time: the caller should answer {@code ThrottlingException}. */
    public static final class Busy extends Exception {
        public Busy(String reason) {
            super(reason, null, false, false);
        }
    }
}
