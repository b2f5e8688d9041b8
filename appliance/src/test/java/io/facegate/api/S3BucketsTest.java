package io.facegate.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class S3BucketsTest {

    @TempDir
    Path dir;

    private S3Buckets buckets;

    @BeforeEach
    void layOut() throws IOException {
        Path bucket = Files.createDirectories(dir.resolve("bucket"));
        Files.createDirectories(bucket.resolve("a"));
        Files.writeString(bucket.resolve("a/face.jpg"), "inside");
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(bucket.resolve("escape.jpg"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(bucket.resolve("up"), dir);
        Files.createSymbolicLink(bucket.resolve("alias.jpg"), bucket.resolve("a/face.jpg"));
        buckets = new S3Buckets(Map.of("photos", bucket));
    }

    @Test
    void readsAnObjectInsideTheBucket() throws ApiException {
        assertThat(new String(buckets.read(object("photos", "a/face.jpg"))), is("inside"));
    }

    @Test
    void followsLinksThatStayInside() throws ApiException {
        assertThat(new String(buckets.read(object("photos", "alias.jpg"))), is("inside"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "a/../a/face.jpg", "a/../../secret.txt", "/etc/passwd", "escape.jpg", "up/secret.txt",
            "missing.jpg", "a", "..%2fsecret.txt", "a\\..\\..\\secret.txt", "nul\0.jpg"})
    void nothingOutsideOrMissingIsReadable(String name) {
        ApiException e = assertThrows(ApiException.class, () -> buckets.read(object("photos", name)));
        assertThat(e.type(), is(ErrorType.InvalidS3ObjectException));
        assertThat(e.getMessage(), is("Unable to get object metadata from S3. Check object key, region and/or access permissions."));
    }

    @Test
    void unknownBucket() {
        ApiException e = assertThrows(ApiException.class, () -> buckets.read(object("other", "a/face.jpg")));
        assertThat(e.type(), is(ErrorType.InvalidS3ObjectException));
    }

    @Test
    void aVersionIsRefusedNotIgnored() {
        ApiException e = assertThrows(ApiException.class,
                () -> buckets.read(new DetectFacesRequest.S3Object("photos", "a/face.jpg", "3HL4kqtJlcpXroDTDmJ")));
        assertThat(e.type(), is(ErrorType.InvalidS3ObjectException));
        assertThat(e.getMessage().contains("Version"), is(true));
    }

    private static DetectFacesRequest.S3Object object(String bucket, String name) {
        return new DetectFacesRequest.S3Object(bucket, name, null);
    }
}
