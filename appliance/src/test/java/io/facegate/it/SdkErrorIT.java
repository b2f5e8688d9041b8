package io.facegate.it;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectFacesRequest;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.S3Object;

import static io.facegate.it.ApiErrors.assertSdkError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;

/**
 * Every bad request the AWS SDK for Java v2 can send comes back as the SDK's own typed exception (status 400), and
 * the service keeps answering good requests after each one.
 */
class SdkErrorIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    private static RekognitionClient client() {
        return SERVER.rekognition();
    }

    private static void detect(byte[] bytes) {
        SERVER.detectFaces(bytes);
    }

    @Test
    void missingImage() {
        // SDK v2 does not check required members: this sends {}.
        assertSdkError(InvalidParameterException.class, () -> client().detectFaces(DetectFacesRequest.builder().build()));
    }

    @Test
    void imageWithNeitherBytesNorS3Object() {
        assertSdkError(InvalidParameterException.class, () -> client().detectFaces(r -> r.image(Image.builder().build())));
    }

    @Test
    void imageWithBothBytesAndS3Object() {
        Image both = Image.builder()
                .bytes(SdkBytes.fromByteArray(Fixtures.oneFaceJpeg()))
                .s3Object(S3Object.builder().bucket(FacegateServer.BUCKET).name("face.jpg").build())
                .build();
        assertSdkError(InvalidParameterException.class, () -> client().detectFaces(r -> r.image(both)));
    }

    @Test
    void emptyBytes() {
        assertSdkError(InvalidParameterException.class, () -> detect(new byte[0]));
    }

    @Test
    void unknownAttribute() {
        assertSdkError(InvalidParameterException.class, () -> client().detectFaces(r -> r
                .image(Image.builder().bytes(SdkBytes.fromByteArray(Fixtures.oneFaceJpeg())).build())
                .attributesWithStrings("DEFAULT", "HAIR_COLOUR")));
    }

    @Test
    void notAnImage() {
        assertSdkError(InvalidImageFormatException.class,
                () -> detect("this is plain text, not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void imageInAnUnsupportedFormat() {
        // A real, decodable GIF and BMP of the face: only PNG and JPEG are accepted.
        assertSdkError(InvalidImageFormatException.class, () -> detect(Fixtures.encode(Fixtures.oneFace(), "gif")));
        assertSdkError(InvalidImageFormatException.class, () -> detect(Fixtures.encode(Fixtures.oneFace(), "bmp")));
    }

    @Test
    void truncatedJpeg() {
        byte[] jpeg = Fixtures.oneFaceJpeg();
        assertSdkError(InvalidImageFormatException.class, () -> detect(Arrays.copyOf(jpeg, jpeg.length / 2)));
    }

    @Test
    void jpegMagicOnly() {
        assertSdkError(InvalidImageFormatException.class, () -> detect(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}));
    }

    @Test
    void truncatedPng() {
        byte[] png = Fixtures.png(Fixtures.oneFace());
        assertSdkError(InvalidImageFormatException.class, () -> detect(Arrays.copyOf(png, png.length / 2)));
    }

    @Test
    void pngDeclaringHugeDimensions() {
        byte[] bomb = Fixtures.pngDeclaring(100_000, 100_000);
        assertThat("a small file", bomb.length < 1024);
        assertSdkError(ImageTooLargeException.class, () -> detect(bomb));
    }

    @Test
    void moreThanFiveMebibytesOfImage() {
        byte[] big = Fixtures.paddedJpeg(Fixtures.oneFaceJpeg(), Fixtures.MAX_IMAGE_BYTES + 1);
        assertSdkError(ImageTooLargeException.class, () -> detect(big));
    }

    @Test
    void smallerThan80x80() {
        assertSdkError(InvalidParameterException.class, () -> detect(Fixtures.png(Fixtures.blank(79, 79))));
        assertSdkError(InvalidParameterException.class, () -> detect(Fixtures.jpeg(Fixtures.blank(79, 400), false)));
        assertSdkError(InvalidParameterException.class, () -> detect(Fixtures.png(Fixtures.blank(400, 79))));
    }

    @Test
    void exactly80x80IsAccepted() {
        assertThat(SERVER.detectFaces(Fixtures.png(Fixtures.blank(80, 80))).faceDetails(), hasSize(0));
    }
}
