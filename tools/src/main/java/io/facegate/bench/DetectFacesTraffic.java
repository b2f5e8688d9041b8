package io.facegate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * DetectFaces calls with {@code Attributes: ["ALL"]} (every attribute model runs on every face) over the test photos in
 * turn, from {@code clients} threads at once, over raw HTTP as the AWS SDKs send them (loopback: no SigV4).
 */
final class DetectFacesTraffic {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the calls got back: HTTP status → count, faces returned in all, and how long they took. */
    record Result(int calls, Map<Integer, Integer> statuses, long faces, Duration elapsed) {
        @Override
        public String toString() {
            return "%d calls in %.1f s, HTTP status %s, %d faces returned".formatted(calls, elapsed.toMillis() / 1000.0,
                    statuses, faces);
        }
    }

    private DetectFacesTraffic() {
    }

    static Result run(URI service, List<Path> photos, int calls, int clients) {
        List<String> bodies = photos.stream().map(DetectFacesTraffic::body).toList();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        AtomicLong faces = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                done.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < calls) {
                        HttpResponse<String> r = send(http, service, bodies.get(i % bodies.size()));
                        statuses.merge(r.statusCode(), 1, Integer::sum);
                        if (r.statusCode() == 200) {
                            faces.addAndGet(faceCount(r.body()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } catch (Exception e) {
            throw new BenchException("DetectFaces traffic failed: " + e, e);
        } finally {
            http.close();
        }
        return new Result(calls, new TreeMap<>(statuses), faces.get(), Duration.ofNanos(System.nanoTime() - t0));
    }

    private static HttpResponse<String> send(HttpClient http, URI service, String body) throws IOException,
            InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/"))
                .header("X-Amz-Target", "RekognitionService.DetectFaces")
                .header("Content-Type", "application/x-amz-json-1.1")
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String body(Path photo) {
        try {
            String bytes = Base64.getEncoder().encodeToString(Files.readAllBytes(photo));
            return "{\"Image\": {\"Bytes\": \"" + bytes + "\"}, \"Attributes\": [\"ALL\"]}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int faceCount(String response) throws IOException {
        JsonNode details = JSON.readTree(response).path("FaceDetails");
        return details.isArray() ? details.size() : 0;
    }
}
