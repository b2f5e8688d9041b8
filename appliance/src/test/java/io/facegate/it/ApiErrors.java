package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static io.facegate.it.Patterns.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.isEmptyOrNullString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Checks the Rekognition error contract, as the SDK sees it and on the wire. */
final class ApiErrors {

    static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {
    }

    /**
     * The call fails with exactly the SDK exception class {@code type} (not a generic RekognitionException), the
     * HTTP status, the error code {@code code}, a message and a request id.
     */
    static <T extends RekognitionException> T assertSdkError(Class<T> type, String code, int status, Executable call) {
        RekognitionException e = assertThrows(RekognitionException.class, call);
        assertThat("SDK exception class for " + e.awsErrorDetails(), e.getClass(), equalTo((Object) type));
        assertThat(e.statusCode(), is(status));
        assertThat(e.awsErrorDetails().errorCode(), is(code));
        assertThat(e.awsErrorDetails().errorMessage(), not(isEmptyOrNullString()));
        assertThat(e.requestId(), matchesPattern(UUID));
        return type.cast(e);
    }

    static <T extends RekognitionException> T assertSdkError(Class<T> type, Executable call) {
        String code = type.getSimpleName().equals("InternalServerErrorException") ? "InternalServerError"
                : type.getSimpleName();
        return assertSdkError(type, code, code.equals("InternalServerError") ? 500 : 400, call);
    }

    /**
     * A raw response is a Rekognition error: the status, {@code __type} and {@code Code} equal to {@code type},
     * header {@code x-amzn-ErrorType} equal to {@code __type}, a capital-M {@code Message}, a UUID {@code Logref},
     * and the usual protocol headers. Returns the parsed body.
     */
    static JsonNode assertRawError(HttpResponse<String> response, int status, String type) {
        assertThat("status of " + response.body(), response.statusCode(), is(status));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith(FacegateServer.JSON_1_1));
        assertThat(response.headers().firstValue("x-amzn-RequestId").orElse(""), matchesPattern(UUID));
        JsonNode body = parse(response.body());
        assertThat(body.path("__type").asText(), is(type));
        assertThat(body.path("Code").asText(), is(type));
        assertThat("x-amzn-ErrorType must equal __type", response.headers().firstValue("x-amzn-ErrorType").orElse(null),
                is(body.path("__type").asText()));
        assertThat(body.path("Message").asText(), not(isEmptyOrNullString()));
        assertThat(body.path("Logref").asText(), matchesPattern(UUID));
        return body;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
