package io.facegate.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.facegate.config.IntegrationConfig;

/**
 * One webhook: a bounded queue of JSON bodies and one thread POSTing them in order. A full queue drops its oldest
 * body (counted; logged at once the first time, then at most once a minute). A body that fails (no answer within the
 * timeout, or not 2xx) is tried again after the backoff, doubling each time, {@code retries} times, then given up
 * (counted, logged). {@link #offer} never blocks.
 */
final class WebhookSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class.getName());
    static final String SIGNATURE = "X-Facegate-Signature";
    private static final long DROP_LOG_NANOS = Duration.ofMinutes(1).toNanos();

    /** A body to send, with the event's type and number for the headers. */
    record Delivery(String event, long id, byte[] body) {
    }

    private final IntegrationConfig.Webhook config;
    private final byte[] secret;
    private final HttpClient http;
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread worker;
    private long lastDropLog = System.nanoTime() - DROP_LOG_NANOS;
    private volatile boolean running = true;

    WebhookSender(IntegrationConfig.Webhook config, byte[] secret) {
        this.config = config;
        this.secret = secret.clone();
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.worker = new Thread(this::sendLoop, "facegate-webhook-" + config.name());
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues a body; drops the oldest when the queue is full. */
    synchronized void offer(Delivery delivery) {
        if (queue.size() >= config.queue()) {
            queue.removeFirst();
            long n = dropped.incrementAndGet();
            long now = System.nanoTime();
            if (now - lastDropLog >= DROP_LOG_NANOS) {
                lastDropLog = now;
                LOG.warning(() -> "webhook " + config.name() + ": queue full (" + config.queue() + "), dropped the "
                        + "oldest event; " + n + " dropped so far (" + config.url() + " is slow or down)");
            }
        }
        queue.addLast(delivery);
        notifyAll();
    }

    private synchronized Delivery next() throws InterruptedException {
        while (running && queue.isEmpty()) {
            wait();
        }
        return queue.pollFirst();
    }

    private void sendLoop() {
        try {
            while (running) {
                Delivery d = next();
                if (d != null) {
                    deliver(d);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deliver(Delivery d) throws InterruptedException {
        Duration backoff = config.backoff();
        String why = "";
        for (int attempt = 0; attempt <= config.retries() && running; attempt++) {
            if (attempt > 0) {
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(config.backoffMax()) > 0 ? config.backoffMax()
                        : backoff.multipliedBy(2);
            }
            try {
                HttpResponse<Void> response = http.send(request(d), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    sent.incrementAndGet();
                    return;
                }
                why = "HTTP " + response.statusCode();
            } catch (IOException e) {
                why = e.toString();
            }
            String reason = why;
            int n = attempt + 1;
            LOG.fine(() -> "webhook " + config.name() + ": attempt " + n + " of event " + d.id() + " failed: " + reason);
        }
        failed.incrementAndGet();
        String reason = why;
        LOG.warning(() -> "webhook " + config.name() + ": gave up on event " + d.id() + " (" + d.event() + ") after "
                + (config.retries() + 1) + " attempts: " + reason);
    }

    private HttpRequest request(WebhookSender.Delivery d) {
        return HttpRequest.newBuilder(config.url())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "facegate-webhook")
                .header("X-Facegate-Event", d.event())
                .header("X-Facegate-Delivery", Long.toString(d.id()))
                .header(SIGNATURE, "sha256=" + sign(secret, d.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                .build();
    }

    /** Lower-case hex HMAC-SHA256 of {@code body} with {@code key}. */
    static String sign(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** Counters for {@code GET /status}. */
    synchronized Map<String, Object> status() {
        return Map.of("name", config.name(), "queued", queue.size(), "sent", sent.get(), "failed", failed.get(),
                "dropped", dropped.get());
    }

    /** Gives the queue up to 2 s to empty (the shutdown's output-changed events), then stops. */
    @Override
    public void close() {
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end) {
            synchronized (this) {
                if (queue.isEmpty()) {
                    break;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        running = false;
        synchronized (this) {
            if (!queue.isEmpty()) {
                LOG.info(() -> "webhook " + config.name() + ": " + queue.size() + " events not sent at shutdown");
            }
            notifyAll();
        }
        worker.interrupt();
        http.shutdownNow();  // close() would wait for a request in flight
        LOG.fine(() -> "webhook " + config.name() + " stopped: " + status());
    }
}
