package io.facegate.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.InvalidS3ObjectException;
import software.amazon.awssdk.services.rekognition.model.S3Object;

import static io.facegate.it.ApiErrors.assertSdkError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * {@code Image.S3Object} read from the local folder mapped to bucket {@value FacegateServer#BUCKET}. Every object
 * name that leaves the folder is refused like a missing object, and the files it would reach really exist, so the
 * refusals are not just "file not found".
 */
class S3ObjectIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    private static final String NOT_FOUND =
            "Unable to get object metadata from S3. Check object key, region and/or access permissions.";

    private static Path outsideFace;
    private static Path outsideDir;

    @BeforeAll
    static void layOutFiles() throws IOException {
        Path bucket = SERVER.bucketDir();
        byte[] face = Fixtures.oneFaceJpeg();
        Fixtures.write(bucket.resolve("face.jpg"), face);
        Fixtures.write(bucket.resolve("nested/dir/face photo.jpg"), face);
        Fixtures.write(bucket.resolve("notes.txt"), "not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // 6 MiB: over the 5 MiB limit for Bytes, under the 15 MiB limit for S3 objects.
        Fixtures.write(bucket.resolve("large.jpg"), Fixtures.paddedJpeg(face, 6 * 1024 * 1024));
        // 15 MiB + 1, sparse: too large for S3Object.
        try (RandomAccessFile file = new RandomAccessFile(bucket.resolve("huge.jpg").toFile(), "rw")) {
            file.write(face);
            file.setLength(15L * 1024 * 1024 + 1);
        }
        Files.createDirectories(bucket.resolve("just-a-folder"));

        // Beside the bucket folder: what an escape would reach.
        outsideFace = Fixtures.write(SERVER.tempRoot().resolve("outside.jpg"), face);
        outsideDir = Files.createDirectories(SERVER.tempRoot().resolve("outside-dir"));
        Fixtures.write(outsideDir.resolve("face.jpg"), face);
        Files.createSymbolicLink(bucket.resolve("link-out.jpg"), outsideFace);
        Files.createSymbolicLink(bucket.resolve("link-out-dir"), outsideDir);
        Files.createSymbolicLink(bucket.resolve("link-in.jpg"), bucket.resolve("face.jpg"));
        Files.createSymbolicLink(bucket.resolve("nested/link-up.jpg"), Path.of("../face.jpg"));
    }

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    private static DetectFacesResponse detect(String bucket, String name) {
        return detect(S3Object.builder().bucket(bucket).name(name).build());
    }

    private static DetectFacesResponse detect(S3Object object) {
        return SERVER.rekognition().detectFaces(r -> r.image(Image.builder().s3Object(object).build()));
    }

    private static void assertFaceFrom(DetectFacesResponse response) {
        List<FaceDetail> faces = response.faceDetails();
        assertThat(faces, hasSize(1));
        FaceAsserts.assertCentre(faces.getFirst(), Fixtures.FACE_CENTRE_X, Fixtures.FACE_CENTRE_Y, 0.05);
    }

    private static void assertNotFound(String bucket, String name) {
        InvalidS3ObjectException e = assertSdkError(InvalidS3ObjectException.class, () -> detect(bucket, name));
        assertThat(e.awsErrorDetails().errorMessage(), is(NOT_FOUND));
    }

    @Test
    void existingObject() {
        assertFaceFrom(detect(FacegateServer.BUCKET, "face.jpg"));
    }

    @Test
    void nestedObjectWithASpace() {
        assertFaceFrom(detect(FacegateServer.BUCKET, "nested/dir/face photo.jpg"));
    }

    /**
     * Local folders keep no object versions, so a Version cannot be honoured: it is refused rather than ignored
     * (which would answer for whatever the file now holds, not the version asked for).
     */
    @Test
    void versionIsRefused() {
        InvalidS3ObjectException e = assertSdkError(InvalidS3ObjectException.class, () -> detect(S3Object.builder()
                .bucket(FacegateServer.BUCKET).name("face.jpg").version("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY").build()));
        assertThat(e.awsErrorDetails().errorMessage(), containsString("Version"));
        // Also for a bucket or object that does not exist: the Version is what is wrong.
        InvalidS3ObjectException missing = assertSdkError(InvalidS3ObjectException.class, () -> detect(S3Object
                .builder().bucket(FacegateServer.BUCKET).name("missing.jpg").version("1").build()));
        assertThat(missing.awsErrorDetails().errorMessage(), containsString("Version"));
    }

    @Test
    void emptyVersionBreaksTheModelsLengthConstraint() {
        assertSdkError(InvalidParameterException.class, () -> detect(S3Object.builder().bucket(FacegateServer.BUCKET)
                .name("face.jpg").version("").build()));
    }

    @Test
    void objectLargerThanTheBytesLimitButUnderTheS3Limit() {
        assertFaceFrom(detect(FacegateServer.BUCKET, "large.jpg"));
    }

    @Test
    void linkThatStaysInsideTheBucket() {
        assertFaceFrom(detect(FacegateServer.BUCKET, "link-in.jpg"));
        assertFaceFrom(detect(FacegateServer.BUCKET, "nested/link-up.jpg"));
    }

    @Test
    void unknownBucket() {
        assertNotFound("no-such-bucket", "face.jpg");
    }

    @Test
    void missingObject() {
        assertNotFound(FacegateServer.BUCKET, "missing.jpg");
        assertNotFound(FacegateServer.BUCKET, "nested/missing.jpg");
    }

    @Test
    void folderIsNotAnObject() {
        assertNotFound(FacegateServer.BUCKET, "just-a-folder");
        assertNotFound(FacegateServer.BUCKET, "nested");
    }

    @Test
    void dotDotEscape() {
        assertThat(Files.isRegularFile(SERVER.bucketDir().resolve("../outside.jpg")), is(true));
        assertNotFound(FacegateServer.BUCKET, "../outside.jpg");
        assertNotFound(FacegateServer.BUCKET, "nested/../../outside.jpg");
        assertNotFound(FacegateServer.BUCKET, "nested/dir/../../../outside-dir/face.jpg");
    }

    @Test
    void absolutePath() {
        assertThat(Files.isRegularFile(outsideFace), is(true));
        assertNotFound(FacegateServer.BUCKET, outsideFace.toAbsolutePath().toString());
        assertNotFound(FacegateServer.BUCKET, SERVER.bucketDir().resolve("face.jpg").toAbsolutePath().toString());
    }

    @Test
    void symlinkPointingOutsideTheBucket() {
        assertThat(Files.isRegularFile(SERVER.bucketDir().resolve("link-out.jpg")), is(true));
        assertNotFound(FacegateServer.BUCKET, "link-out.jpg");
        assertNotFound(FacegateServer.BUCKET, "link-out-dir/face.jpg");
    }

    @Test
    void backslashAndNulNames() {
        assertNotFound(FacegateServer.BUCKET, "nested\\dir\\face photo.jpg");
        assertNotFound(FacegateServer.BUCKET, "face.jpg\u0000.png");
    }

    @Test
    void objectThatIsNotAnImage() {
        assertSdkError(InvalidImageFormatException.class, () -> detect(FacegateServer.BUCKET, "notes.txt"));
    }

    @Test
    void objectOverFifteenMebibytes() {
        assertSdkError(ImageTooLargeException.class, () -> detect(FacegateServer.BUCKET, "huge.jpg"));
    }

    @Test
    void invalidBucketOrName() {
        InvalidParameterException e = assertSdkError(InvalidParameterException.class, () -> detect("ab", "face.jpg"));
        assertThat(e.awsErrorDetails().errorMessage(), containsString("Bucket"));
        assertSdkError(InvalidParameterException.class, () -> detect("bad/bucket", "face.jpg"));
        assertSdkError(InvalidParameterException.class, () -> detect(FacegateServer.BUCKET, ""));
        assertSdkError(InvalidParameterException.class, () -> detect(FacegateServer.BUCKET, "x".repeat(1025)));
        assertSdkError(InvalidParameterException.class, () -> detect(S3Object.builder().name("face.jpg").build()));
    }
}
