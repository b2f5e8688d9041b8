package io.facegate.it;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;

import static io.facegate.it.ApiErrors.assertRawError;
import static io.facegate.it.ApiErrors.assertSdkError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The 5 MiB image limit at its boundary: an image of exactly 5,242,880 bytes (6,990,508 base64 characters in the
 * body) passes the HTTP layer and is processed; one byte more is {@code ImageTooLargeException}. Bodies far above
 * any valid request are refused without harming the service.
 */
class RequestSizeIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    @Test
    void imageOfExactlyFiveMebibytesIsProcessed() {
        byte[] image = Fixtures.paddedJpeg(Fixtures.oneFaceJpeg(), Fixtures.MAX_IMAGE_BYTES);
        assertThat(Base64.getEncoder().encodeToString(image).length(), is(6_990_508));

        DetectFacesResponse response = SERVER.detectFaces(image);

        // The face is found, so the whole body arrived and was decoded.
        assertThat(response.faceDetails(), hasSize(1));
        FaceAsserts.assertCentre(response.faceDetails().getFirst(), Fixtures.FACE_CENTRE_X, Fixtures.FACE_CENTRE_Y, 0.05);
    }

    @Test
    void oneByteMoreIsImageTooLarge() {
        byte[] image = Fixtures.paddedJpeg(Fixtures.oneFaceJpeg(), Fixtures.MAX_IMAGE_BYTES + 1);
        assertSdkError(ImageTooLargeException.class, () -> SERVER.detectFaces(image));
    }

    @Test
    void rawBodyOfAFiveMebibyteImageIsAccepted() {
        byte[] image = Fixtures.paddedJpeg(Fixtures.oneFaceJpeg(), Fixtures.MAX_IMAGE_BYTES);
        String body = "{\"Image\": {\"Bytes\": \"" + Base64.getEncoder().encodeToString(image)
                + "\"}, \"Attributes\": [\"DEFAULT\"]}";
        assertThat(body.length(), greaterThan(6_990_508));

        HttpResponse<String> response = SERVER.post(body);

        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(ApiErrors.parse(response.body()).path("FaceDetails").size(), is(1));
    }

    @Test
    void bodyOverTheRequestCapIsRefused() {
        // 20 MiB of base64 characters: no valid DetectFaces request is this large.
        char[] chars = new char[20 * 1024 * 1024];
        Arrays.fill(chars, 'A');
        String body = "{\"Image\":{\"Bytes\":\"" + new String(chars) + "\"}}";

        HttpResponse<String> response = SERVER.post(body.getBytes(StandardCharsets.US_ASCII), FacegateServer.TARGET,
                FacegateServer.JSON_1_1);

        assertRawError(response, 400, "ImageTooLargeException");
    }
}
