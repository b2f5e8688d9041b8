package io.facegate.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.facegate.it.FacegateServer;
import io.facegate.it.Fixtures;
import io.facegate.it.ServiceJvm;

/**
 * Sustained-load run on loopback (a {@code main()}, not a JUnit test). Starts the service in its own JVM (default
 * admission, {@code -Xmx} as given, GC log on), measures the sustainable rate with a closed loop of two clients per core, then offers {@code factor} times
 * that rate open-loop (requests sent on a fixed schedule whatever the answers) for {@code seconds}, and checks:
 * every request answered 200 or ThrottlingException (500; no other 5xx, no other error, no timeout), the 200s' p99 latency
 * within 3× their p50, and the heap (from the GC log) within {@code -Xmx} with no OutOfMemoryError. Exits 1 if any
 * check fails.
 *
 * <p>{@code mvn -B -q -Pload -DskipTests test-compile exec:exec -pl appliance}; options as system properties in
 * {@code -Dload.args="-Dload.factor=4 -Dload.seconds=60 -Dload.xmx=256m -Dload.service=admission.max-queued=0"}.
 */
public final class SustainedLoad {

    private static final Pattern GC_LINE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private SustainedLoad() {
    }

    public static void main(String[] args) throws Exception {
        double factor = Double.parseDouble(System.getProperty("load.factor", "4"));
        int seconds = Integer.getInteger("load.seconds", 60);
        int calibrateSeconds = Integer.getInteger("load.calibrate-seconds", 20);
        String xmx = System.getProperty("load.xmx", "256m");
        int timeoutSeconds = Integer.getInteger("load.timeout-seconds", 30);
        int maxOutstanding = Integer.getInteger("load.max-outstanding", 4000);

        Path scratch = Files.createTempDirectory("facegate-load-");
        Path gcLog = scratch.resolve("gc.log");
        byte[] body = ("{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(Fixtures.oneFaceJpeg()) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        boolean passed;
        try (ServiceJvm service = ServiceJvm.start(scratch, scratch, scratch.resolve("service.log"),
                List.of("-Xmx" + xmx, "-Xlog:gc:file=" + gcLog), serviceProperties());
             HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpRequest request = HttpRequest.newBuilder(service.endpoint())
                    .timeout(Duration.ofSeconds(timeoutSeconds))
                    .header("X-Amz-Target", FacegateServer.TARGET)
                    .header("Content-Type", FacegateServer.JSON_1_1)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

            // Two clients per core keep every detector slot busy (one request running, one on its way or queued).
            int clients = 2 * Runtime.getRuntime().availableProcessors();
            closedLoop(http, request, clients, 5);
            double sustainable = closedLoop(http, request, clients, calibrateSeconds).count200 / (double) calibrateSeconds;
            double rate = factor * sustainable;
            System.out.printf("sustainable: %.1f req/s (closed loop, %d clients, %d s, one-face %d-byte body)%n",
                    sustainable, clients, calibrateSeconds, body.length);
            System.out.printf("offering %.1f req/s (%.1f x) open-loop for %d s, -Xmx%s%n", rate, factor, seconds, xmx);

            Results results = openLoop(http, request, rate, seconds, maxOutstanding);
            Heap heap = heap(gcLog);
            boolean alive = service.process().isAlive();
            boolean oom = Files.readString(service.log()).contains("OutOfMemoryError");

            List<Long> ok = results.sortedOk();
            double p50 = percentile(ok, 0.50);
            double p99 = percentile(ok, 0.99);
            System.out.printf("sent %d: %s%n", results.sent.get(), results.outcomes);
            System.out.printf("200s: %d (%.1f req/s), latency ms p50 %.0f, p90 %.0f, p99 %.0f, max %.0f; p99/p50 %.2f%n",
                    ok.size(), ok.size() / (double) seconds, p50, percentile(ok, 0.90), p99,
                    ok.isEmpty() ? 0.0 : ok.getLast() / 1e6, p99 / p50);
            List<Long> throttled = results.sortedThrottled();
            System.out.printf("ThrottlingException: %d, latency ms p50 %.1f, p99 %.1f%n", throttled.size(),
                    percentile(throttled, 0.50), percentile(throttled, 0.99));
            System.out.printf("heap (GC log, %d collections): max before GC %d MB, max after GC %d MB, max committed "
                    + "%d MB of -Xmx%s; OutOfMemoryError: %s; service alive: %s%n",
                    heap.collections, heap.maxBefore, heap.maxAfter, heap.maxCommitted, xmx, oom, alive);

            long bad = results.outcomes.entrySet().stream()
                    .filter(e -> !e.getKey().equals("200") && !e.getKey().equals("500 ThrottlingException"))
                    .mapToLong(e -> e.getValue().sum()).sum();
            long xmxMb = parseMb(xmx);
            List<String> failures = new ArrayList<>();
            if (bad > 0) {
                failures.add(bad + " answers other than 200 or ThrottlingException");
            }
            if (results.skipped.get() > 0) {
                failures.add(results.skipped.get() + " requests not sent: driver bound of " + maxOutstanding + " reached");
            }
            if (ok.isEmpty() || p99 > 3 * p50) {
                failures.add("p99 of the 200s above 3 x p50");
            }
            if (oom || !alive || heap.maxCommitted > xmxMb) {
                failures.add("heap beyond -Xmx or service died");
            }
            passed = failures.isEmpty();
            System.out.println(passed ? "PASS" : "FAIL: " + failures);
        }
        FacegateServerFiles.delete(scratch);
        System.exit(passed ? 0 : 1);
    }

    /** {@code -Dload.service=admission.max-queued=0,detector.tile-grid=2}: configuration of the service under test. */
    private static Map<String, String> serviceProperties() {
        Map<String, String> properties = new java.util.TreeMap<>();
        for (String pair : System.getProperty("load.service", "").split(",")) {
            if (pair.contains("=")) {
                properties.put(pair.substring(0, pair.indexOf('=')).strip(), pair.substring(pair.indexOf('=') + 1).strip());
            }
        }
        if (!properties.isEmpty()) {
            System.out.println("service configuration: " + properties);
        }
        return properties;
    }

    private record Closed(long count200) {
    }

    /** {@code clients} threads sending back to back for {@code seconds}; counts the 200s. */
    private static Closed closedLoop(HttpClient http, HttpRequest request, int clients, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        LongAdder ok = new LongAdder();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                                ok.increment();
                            }
                        } catch (IOException | InterruptedException e) {
                            return;
                        }
                    }
                });
            }
        }
        return new Closed(ok.sum());
    }

    private static final class Results {
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        final List<Long> ok = Collections.synchronizedList(new ArrayList<>());
        final List<Long> throttled = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();

        void count(String outcome) {
            outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
        }

        List<Long> sortedOk() {
            synchronized (ok) {
                return ok.stream().sorted().toList();
            }
        }

        List<Long> sortedThrottled() {
            synchronized (throttled) {
                return throttled.stream().sorted().toList();
            }
        }
    }

    /** Requests on a fixed schedule, each on its own virtual thread; at most {@code maxOutstanding} at once. */
    private static Results openLoop(HttpClient http, HttpRequest request, double rate, int seconds, int maxOutstanding)
            throws InterruptedException {
        Results results = new Results();
        Semaphore outstanding = new Semaphore(maxOutstanding);
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long total = (long) (rate * seconds);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < total; i++) {
                long due = start + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                if (!outstanding.tryAcquire()) {
                    results.skipped.incrementAndGet();
                    continue;
                }
                results.sent.incrementAndGet();
                pool.submit(() -> {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long latency = System.nanoTime() - t0;
                        String type = response.headers().firstValue("x-amzn-ErrorType").orElse("");
                        results.count((response.statusCode() + " " + type).strip());
                        if (response.statusCode() == 200) {
                            results.ok.add(latency);
                        } else if (type.equals("ThrottlingException")) {
                            results.throttled.add(latency);
                        }
                    } catch (HttpTimeoutException e) {
                        results.count("timeout");
                    } catch (IOException e) {
                        results.count("io error " + e.getClass().getSimpleName());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        outstanding.release();
                    }
                });
            }
        }
        return results;
    }

    private record Heap(int collections, long maxBefore, long maxAfter, long maxCommitted) {
    }

    private static Heap heap(Path gcLog) throws IOException {
        int n = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                n++;
                before = Math.max(before, Long.parseLong(m.group(1)));
                after = Math.max(after, Long.parseLong(m.group(2)));
                committed = Math.max(committed, Long.parseLong(m.group(3)));
            }
        }
        return new Heap(n, before, after, committed);
    }

    private static long parseMb(String size) {
        String s = size.toLowerCase(java.util.Locale.ROOT);
        long n = Long.parseLong(s.replaceAll("[^0-9]", ""));
        return s.endsWith("g") ? n * 1024 : s.endsWith("k") ? n / 1024 : s.endsWith("m") ? n : n / (1024 * 1024);
    }

    private static double percentile(List<Long> sortedNanos, double q) {
        if (sortedNanos.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sortedNanos.size() - 1, Math.ceil(q * sortedNanos.size()) - 1);
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    /** Deletes the scratch folder. */
    private static final class FacegateServerFiles {
        static void delete(Path root) throws IOException {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
