package io.facegate.trigger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans events out to subscribers ({@code GET /events} clients) and listeners (MQTT, webhooks). Publishing never
 * blocks: a subscriber whose queue is full (a stalled client) loses events, counted in {@link Subscription#lost()};
 * a listener is called on the publishing thread and must only hand the event on.
 *
 * <p>Every event gets the next number of this bus ({@link Event#id()}); the last {@value #HISTORY} are kept so that a
 * client reconnecting after a short gap can be sent what it missed ({@link #since}). Closing lets each subscriber
 * take what is already queued (the last output changes of a shutdown) before its stream ends.
 */
public final class EventBus {

    private static final Logger LOG = Logger.getLogger(EventBus.class.getName());
    private static final int QUEUE = 1024;
    static final int HISTORY = 256;

    /** One event: its number on this bus, its type, when it happened, and its JSON members. */
    public record Event(long id, String type, Instant time, Map<String, Object> data) {
    }

    private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final ArrayDeque<Event> history = new ArrayDeque<>(HISTORY);
    private long lastId;
    private volatile boolean closed;

    public void publish(String type, Map<String, Object> data) {
        Event event;
        // One lock so that every subscriber and listener sees the events in the order of their numbers.
        synchronized (this) {
            event = new Event(++lastId, type, Instant.now(), data);
            if (history.size() == HISTORY) {
                history.removeFirst();
            }
            history.addLast(event);
            for (Subscription s : subscribers) {
                if (!s.queue.offer(event)) {
                    s.lost.incrementAndGet();
                }
            }
            for (Consumer<Event> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "event listener failed on " + type, e);
                }
            }
        }
    }

    /** The number of the last event published (0 before the first). */
    public synchronized long lastId() {
        return lastId;
    }

    /**
     * The events after {@code id} up to {@code upTo}, oldest first, or empty when some of them are no longer kept
     * (or {@code id} is not one of this bus's numbers).
     */
    public synchronized Optional<List<Event>> since(long id, long upTo) {
        if (id < 0 || id > lastId) {
            return Optional.empty();
        }
        if (id < upTo && (history.isEmpty() || history.peekFirst().id() > id + 1)) {
            return Optional.empty();
        }
        return Optional.of(history.stream().filter(e -> e.id() > id && e.id() <= upTo).toList());
    }

    public Subscription subscribe() {
        Subscription s = new Subscription();
        subscribers.add(s);
        return s;
    }

    /** Calls {@code listener} with every later event, on the publishing thread; it must not block. */
    public void listen(Consumer<Event> listener) {
        listeners.add(listener);
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
