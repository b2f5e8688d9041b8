package io.facegate.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes S3Object names against a bucket folder that has a file inside, a secret file beside it, and links from
 * inside to the secret and to the folder holding it. Whatever the name ({@code ..}, absolute paths, backslashes,
 * percent-encoded separators, NUL, links), the answer is the inside file or {@code InvalidS3ObjectException}: never
 * the secret, never another exception.
 */
class S3BucketsFuzzTest {

    private static final byte[] INSIDE = "inside".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.US_ASCII);
    private static final S3Buckets BUCKETS = buckets();

    private static S3Buckets buckets() {
        try {
            Path root = Files.createTempDirectory("facegate-s3-fuzz-");
            Path bucket = Files.createDirectories(root.resolve("bucket/a"));
            Files.write(bucket.resolve("b.jpg"), INSIDE);
            Path outside = Files.createDirectories(root.resolve("outside"));
            Files.write(outside.resolve("secret"), SECRET);
            Files.write(root.resolve("secret"), SECRET);
            Files.createSymbolicLink(root.resolve("bucket/link"), outside.resolve("secret"));
            Files.createSymbolicLink(root.resolve("bucket/dirlink"), outside);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
            return new S3Buckets(Map.of("photos", root.resolve("bucket")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "1m")
    void read(byte[] nameBytes) {
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        if (name.isEmpty() || name.length() > 1024) {
            return; // RequestParser refuses these before S3Buckets sees them
        }
        try {
            byte[] content = BUCKETS.read(new DetectFacesRequest.S3Object("photos", name, null));
            if (!Arrays.equals(content, INSIDE)) {
                throw new AssertionError("name '" + name + "' read a file outside the bucket");
            }
        } catch (ApiException e) {
            if (e.type() != ErrorType.InvalidS3ObjectException) {
                throw new AssertionError("unexpected " + e.type() + " for '" + name + "'");
            }
        }
    }

    private static void delete(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort at exit
        }
    }
}
