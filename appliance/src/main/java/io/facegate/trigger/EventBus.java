package io.facegate.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fans events out to subscribers ({@code GET /events} clients). Publishing never blocks: a subscriber whose queue is
 * full (a stalled client) loses events, counted in {@link Subscription#lost()}. Closing lets each subscriber take
 * what is already queued (the last output changes of a shutdown) before its stream ends.
 */
public final class EventBus {

    private static final int QUEUE = 1024;

    /** One event: its type, when it happened, and its JSON members. */
    public record Event(String type, Instant time, Map<String, Object> data) {
    }

    private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public void publish(String type, Map<String, Object> data) {
        Event event = new Event(type, Instant.now(), data);
        for (Subscription s : subscribers) {
            if (!s.queue.offer(event)) {
                s.lost.incrementAndGet();
            }
        }
    }

    public Subscription subscribe() {
        Subscription s = new Subscription();
        subscribers.add(s);
        return s;
    }

    public boolean closed() {
        return closed;
    }

    /**
     * Ends every subscription once it has taken what is queued: {@link Subscription#poll} then returns null. Waits
     * up to {@code drain} for the subscribers to finish.
     */
    public void close(Duration drain) {
        closed = true;
        long end = System.nanoTime() + drain.toNanos();
        while (!subscribers.isEmpty() && System.nanoTime() < end) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        subscribers.forEach(Subscription::close);
    }

    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
        private final AtomicLong lost = new AtomicLong();

        /** The next event; null after the timeout, or at once when the bus is closed and nothing is queued. */
        public Event poll(long millis) throws InterruptedException {
            return closed ? queue.poll() : queue.poll(millis, TimeUnit.MILLISECONDS);
        }

        public long lost() {
            return lost.get();
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }
}
