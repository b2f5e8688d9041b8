package io.facegate.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderValues;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;

/**
 * A request's body, read (or, for a refused request, discarded) within {@code server.body-timeout} from the
 * request's arrival. A client still sending then is cut off by interrupting the connection's (virtual) thread while
 * it reads, which closes the socket: Helidon SE 4.5 applies no read timeout of its own
 * (docs/decisions/body-deadline.md).
 */
final class RequestBody {

    /** One daemon thread for every request's alarm. */
    private static final ScheduledExecutorService ALARMS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "facegate-body-deadline");
        t.setDaemon(true);
        return t;
    });

    private final ServerRequest req;
    private final int maxBytes;
    private final long endNanos;

    RequestBody(ServerRequest req, int maxBytes, Duration timeout) {
        this.req = req;
        this.maxBytes = maxBytes;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    /** The whole body, at most {@code maxBytes}: a body declared or found larger is ImageTooLargeException. */
    byte[] read() throws ApiException {
        if (req.headers().contentLength().orElse(0) > maxBytes) {
            throw tooLarge();
        }
        try {
            byte[] body = withinDeadline(() -> {
                try (InputStream in = req.content().inputStream()) {
                    return in.readNBytes(maxBytes + 1);
                }
            });
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (RequestException e) {
            // Helidon's own payload check on a body without Content-Length (chunked), or a broken chunk.
            if (e.status().code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
                throw tooLarge();
            }
            throw new ApiException(ErrorType.InvalidParameterException, "The request body could not be read.");
        } catch (IllegalArgumentException e) {
            // Helidon parses a chunk size with Integer.parseUnsignedInt: "zz" is a NumberFormatException.
            throw new ApiException(ErrorType.InvalidParameterException, "The request body's chunked framing is broken.");
        } catch (IOException | UncheckedIOException e) {
            throw new ApiException(ErrorType.InvalidParameterException, "The request body could not be read.");
        }
    }

    /** Whether the body was read to its end (or there was none). */
    boolean fullyRead() {
        return req.content().consumed();
    }

    /**
     * Reads what is left of the body and throws it away, within the deadline and at most Helidon's payload limit
     * (which stops a longer chunked body). A client waiting for {@code 100 Continue} has sent no body: nothing is
     * read. Returns false when the connection was lost meanwhile (gone, or cut off by the deadline).
     */
    boolean discardRest() {
        if (req.headers().contains(HeaderValues.EXPECT_100) && !req.continueSent()) {
            return true;
        }
        try {
            withinDeadline(() -> {
                req.content().consume();
                return null;
            });
            return true;
        } catch (RequestException | IllegalArgumentException e) {
            return true; // over the payload limit, or broken chunked framing: answer and close
        } catch (IOException | UncheckedIOException e) {
            return false;
        } catch (RuntimeException e) {
            // Helidon reports a socket closed under a read (the deadline's interrupt) in its own exceptions.
            return false;
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(ErrorType.ImageTooLargeException, "Image size is too large.");
    }

    private interface Read<T> {
        T run() throws IOException;
    }

    /**
     * Runs {@code read} on this thread until the deadline. The alarm interrupts only while the read runs; an
     * interrupt it left is cleared before returning, so nothing after the body (detection) sees it.
     */
    private <T> T withinDeadline(Read<T> read) throws IOException {
        long left = endNanos - System.nanoTime();
        if (left <= 0) {
            throw new InterruptedIOException("the body deadline has passed");
        }
        Alarm alarm = new Alarm(Thread.currentThread());
        alarm.future = ALARMS.schedule(alarm::ring, left, TimeUnit.NANOSECONDS);
        try {
            return read.run();
        } finally {
            alarm.disarm();
        }
    }

    private static final class Alarm {
        private final Thread reader;
        private boolean armed = true;
        private ScheduledFuture<?> future;

        Alarm(Thread reader) {
            this.reader = reader;
        }

        synchronized void ring() {
            if (armed) {
                reader.interrupt();
            }
        }

        void disarm() {
            synchronized (this) {
                armed = false;
                future.cancel(false);
            }
            // Rung after the read ended, or while it failed: the interrupt must not outlive the read.
            Thread.interrupted();
        }
    }
}
