package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * Webhooks against real local HTTP receivers (the JDK's HttpServer on loopback): each event of the webhook's types
 * arrives as JSON signed with HMAC-SHA256 of the secret file's key; a receiver that answers 503 twice gets the event
 * on the third attempt; a receiver that never answers fills its one-event queue, and the events dropped are counted
 * in {@code /status} and logged.
 */
class WebhookIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "webhook-test-secret";
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    private static final AtomicInteger ATTEMPTS = new AtomicInteger();
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final List<LogRecord> LOGGED = new CopyOnWriteArrayList<>();
    /** Held here: java.util.logging keeps loggers weakly, and a collected one would lose the capturing handler. */
    private static final Logger WEBHOOK_LOG = Logger.getLogger("io.facegate.webhook");
    private static HttpServer receiver;
    private static Path drops;

    private record Received(Map<String, List<String>> headers, byte[] body) {
    }

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(WebhookIT::config);

    private static Map<String, String> config() {
        try {
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            receiver.createContext("/hub", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status = ATTEMPTS.incrementAndGet() <= 2 ? 503 : 204;
                if (status == 204) {
                    RECEIVED.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            receiver.createContext("/stuck", exchange -> {
                try {
                    RELEASE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            receiver.start();
            drops = Files.createTempDirectory("facegate-webhook-drops-");
            Path secret = Files.writeString(drops.getParent().resolve("webhook-secret-" + System.nanoTime()),
                    SECRET + "\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            Handler capture = new Handler() {
                @Override
                public void publish(LogRecord record) {
                    LOGGED.add(record);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            WEBHOOK_LOG.addHandler(capture);
            String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
            return Map.ofEntries(
                    Map.entry("detector.tile-above-pixels", "1000"),
                    Map.entry("cameras.door.source", "folder"),
                    Map.entry("cameras.door.folder", drops.toString()),
                    Map.entry("cameras.door.poll", "50ms"),
                    Map.entry("gpio.provider", "none"),
                    Map.entry("gpio.outputs.door.line", "17"),
                    Map.entry("gpio.outputs.door.pulse", "300ms"),
                    Map.entry("gpio.outputs.door.cool-down", "0s"),
                    Map.entry("rules.open.camera", "door"),
                    Map.entry("rules.open.min-confidence", "0.8"),
                    Map.entry("rules.open.output", "door"),
                    Map.entry("webhooks.hub.url", base + "/hub"),
                    Map.entry("webhooks.hub.secret-file", secret.toString()),
                    Map.entry("webhooks.hub.events", "rule-fired"),
                    Map.entry("webhooks.hub.retries", "3"),
                    Map.entry("webhooks.hub.backoff", "100ms"),
                    Map.entry("webhooks.stuck.url", base + "/stuck"),
                    Map.entry("webhooks.stuck.secret-file", secret.toString()),
                    Map.entry("webhooks.stuck.queue", "1"),
                    Map.entry("webhooks.stuck.retries", "0"),
                    Map.entry("webhooks.stuck.timeout", "30s"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopReceiver() {
        RELEASE.countDown();
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void eventsArriveSignedRetriedAfterFailuresAndAStuckReceiverDropsTheOldest() throws Exception {
        new FolderCamera(drops).drop(FolderCamera.faceJpeg());

        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (RECEIVED.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat("the rule-fired event arrived on the third attempt", RECEIVED.size(), is(1));
        assertThat(ATTEMPTS.get(), is(3));
        Received hook = RECEIVED.getFirst();
        String signature = header(hook, "X-facegate-signature");
        assertThat("HMAC-SHA256 of the body with the secret", signature, is("sha256=" + hmac(hook.body())));
        assertThat(header(hook, "Content-type"), is("application/json"));
        assertThat(header(hook, "X-facegate-event"), is("rule-fired"));
        JsonNode event = JSON.readTree(hook.body());
        assertThat(event.path("event").asText(), is("rule-fired"));
        assertThat(event.path("rule").asText(), is("open"));
        assertThat(event.path("outcome").asText(), is("activated"));
        assertThat(header(hook, "X-facegate-delivery"), is(event.path("id").asText()));

        // "stuck" holds its first event in flight; every later one replaces the one waiting in its queue of 1.
        Map<?, ?> stuck = null;
        end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            stuck = webhook("stuck");
            if (((Number) stuck.get("dropped")).intValue() >= 2) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat("face-detected, output-changed, rule-fired, output-changed: at most one in flight, one queued",
                ((Number) stuck.get("dropped")).intValue(), greaterThanOrEqualTo(2));
        assertThat(((Number) stuck.get("queued")).intValue(), is(1));
        assertThat(LOGGED.stream().filter(r -> r.getLevel() == Level.WARNING).map(LogRecord::getMessage)
                .filter(m -> m.contains("webhook stuck: queue full")).count(), is(1L));
        Map<?, ?> hub = webhook("hub");
        assertThat(List.of(hub.get("sent"), hub.get("failed"), hub.get("dropped")), contains(1, 0, 0));
    }

    private static String header(Received r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
    }

    private static String hmac(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static Map<?, ?> webhook(String name) throws Exception {
        return ((List<?>) status().get("webhooks")).stream().map(w -> (Map<?, ?>) w)
                .filter(w -> name.equals(w.get("name"))).findFirst().orElseThrow();
    }

    private static Map<?, ?> status() throws Exception {
        var response = SERVER.send(java.net.http.HttpRequest.newBuilder(SERVER.endpoint().resolve("/status")).build());
        return JSON.readValue(response.body(), Map.class);
    }
}
