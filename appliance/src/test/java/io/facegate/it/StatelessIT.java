package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * The API path writes no file. The service runs as its own JVM whose {@code java.io.tmpdir} and working directory
 * are fresh, empty folders; after start-up (ONNX Runtime unpacks its native library into the temporary folder then)
 * both are listed, DetectFaces is called many ways (bytes, S3 objects, PNG and JPEG, bad images, errors), and the
 * listing — names, sizes, modification times — must be unchanged, as must the S3 bucket folder.
 *
 * <p>What this proves: no temporary file (ImageIO's disk cache, {@code Files.createTempFile}) and no relative-path
 * file is created or modified by a request. It cannot see a write to some other absolute path; the code has none
 * (no file-writing API is used under {@code src/main}).
 */
class StatelessIT {

    private static Path root;
    private static Path tmp;
    private static Path work;
    private static Path bucket;
    private static ServiceJvm server;
    private static URI endpoint;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void startServiceJvm() throws Exception {
        root = Files.createTempDirectory("facegate-stateless-");
        tmp = Files.createDirectory(root.resolve("tmp"));
        work = Files.createDirectory(root.resolve("work"));
        bucket = Files.createDirectory(root.resolve("bucket"));
        Files.write(bucket.resolve("face.jpg"), Fixtures.oneFaceJpeg());
        Files.write(bucket.resolve("face.png"), Fixtures.png(Fixtures.oneFace()));
        server = ServiceJvm.start(root, work, root.resolve("server.log"),
                List.of("-Xmx512m", "-Djava.io.tmpdir=" + tmp), Map.of("s3.buckets.photos", bucket.toString()));
        endpoint = server.endpoint();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        FacegateServer.deleteRecursively(root);
    }

    @Test
    void requestsWriteNoFile() throws Exception {
        Map<String, String> before = listing();
        // The listing misses a file created and deleted within the requests (ImageIO's disk cache does that); the
        // watcher (inotify) sees those too.
        WatchService watcher = FileSystems.getDefault().newWatchService();
        for (Path dir : List.of(tmp, work, bucket)) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
        List<String> bodies = new ArrayList<>();
        for (byte[] image : List.of(Fixtures.oneFaceJpeg(), Fixtures.png(Fixtures.oneFace()),
                Fixtures.jpeg(Fixtures.oneFace(), true), Fixtures.jpeg(Fixtures.blank(640, 480), false),
                "not an image at all".getBytes(StandardCharsets.US_ASCII),
                java.util.Arrays.copyOf(Fixtures.oneFaceJpeg(), 2000))) {
            bodies.add("{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(image) + "\"},\"Attributes\":[\"ALL\"]}");
        }
        bodies.add("{\"Image\":{\"S3Object\":{\"Bucket\":\"photos\",\"Name\":\"face.jpg\"}}}");
        bodies.add("{\"Image\":{\"S3Object\":{\"Bucket\":\"photos\",\"Name\":\"face.png\"}}}");
        bodies.add("{\"Image\":{\"S3Object\":{\"Bucket\":\"photos\",\"Name\":\"../tmp/x\"}}}");
        bodies.add("{\"Image\":");
        int ok = 0;
        for (int round = 0; round < 5; round++) {
            for (String body : bodies) {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(60))
                        .header("X-Amz-Target", FacegateServer.TARGET)
                        .header("Content-Type", FacegateServer.JSON_1_1)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.body(), response.statusCode() == 200 || response.statusCode() == 400, is(true));
                ok += response.statusCode() == 200 ? 1 : 0;
            }
        }
        assertThat("the good images were answered", ok, is(5 * 6));
        assertThat(listing(), is(before));
        assertThat("files created, changed or deleted during the requests (even if gone since)", events(watcher),
                is(List.of()));
        watcher.close();
    }

    private static List<String> events(WatchService watcher) throws InterruptedException {
        List<String> events = new ArrayList<>();
        WatchKey key;
        while ((key = watcher.poll(500, TimeUnit.MILLISECONDS)) != null) {
            for (WatchEvent<?> event : key.pollEvents()) {
                events.add(event.kind().name() + " " + key.watchable() + "/" + event.context());
            }
            key.reset();
        }
        return events;
    }

    /** Every file and folder under the service's temporary folder, working folder and bucket, with size and time. */
    private static Map<String, String> listing() {
        Map<String, String> files = new TreeMap<>();
        for (Path dir : List.of(tmp, work, bucket)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.forEach(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        files.put(p.toString(), a.size() + " " + a.lastModifiedTime());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
