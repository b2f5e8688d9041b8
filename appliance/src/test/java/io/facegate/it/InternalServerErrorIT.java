package io.facegate.it;

import java.net.http.HttpResponse;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.InternalServerErrorException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;

import static io.facegate.it.ApiErrors.assertRawError;
import static io.facegate.it.ApiErrors.assertSdkError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/**
 * A real fault inside the service (here: the detector's ONNX session closed under a running server) is
 * {@code InternalServerError} with status 500, which SDK v2 maps to {@code InternalServerErrorException}; the body
 * reveals nothing internal. Validation still answers with its own typed errors.
 */
class InternalServerErrorIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @BeforeAll
    static void breakTheDetector() {
        // Sanity: the server works before the fault.
        assertThat(SERVER.detectFaces(Fixtures.oneFaceJpeg()).faceDetails(), hasSize(1));
        SERVER.closeModels();
    }

    @Test
    void sdkSeesInternalServerErrorException() {
        InternalServerErrorException e = assertSdkError(InternalServerErrorException.class,
                () -> SERVER.detectFaces(Fixtures.oneFaceJpeg()));
        assertThat(e.awsErrorDetails().errorCode(), is("InternalServerError"));
    }

    @Test
    void wireFormatRevealsNothingInternal() {
        String body = "{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(Fixtures.oneFaceJpeg()) + "\"}}";
        HttpResponse<String> response = SERVER.post(body);

        JsonNode error = assertRawError(response, 500, "InternalServerError");
        assertThat(error.path("Message").asText(), is("Internal server error"));
        assertThat(response.body(), not(containsString("Exception")));
        assertThat(response.body(), not(containsString("onnx")));
        assertThat(response.body(), not(containsString("at io.")));
    }

    @Test
    void inputErrorsAreStillTyped() {
        assertSdkError(InvalidImageFormatException.class, () -> SERVER.detectFaces(new byte[] {1, 2, 3, 4}));
    }
}
