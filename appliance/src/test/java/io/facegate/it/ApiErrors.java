package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.function.Function;

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
    /** RFC 7231's IMF-fixdate, as AWS sends it: always a two-digit day ({@code Sun, 06 Dec 2026 04:07:29 GMT}). */
    static final String HTTP_DATE = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] "
            + "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] GMT";
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
     * header {@code x-amzn-ErrorType} equal to {@code __type}, a capital-M {@code Message}, a UUID {@code Logref}
     * equal to {@code x-amzn-RequestId}, and a {@code Date} in IMF-fixdate form. Returns the parsed body.
     */
    static JsonNode assertRawError(HttpResponse<String> response, int status, String type) {
        return assertRawError(response.statusCode(), name -> response.headers().firstValue(name), response.body(),
                status, type);
    }

    /** The same checks on a response read from a raw socket. */
    static JsonNode assertRawError(RawHttp.Response response, int status, String type) {
        assertThat("the request was sent whole: " + response, response.writeError(), is((Object) null));
        return assertRawError(response.status(), response::header, response.body(), status, type);
    }

    private static JsonNode assertRawError(int actualStatus, Function<String, Optional<String>> header, String json,
                                           int status, String type) {
        assertThat("status of " + json, actualStatus, is(status));
        assertThat(header.apply("Content-Type").orElse(""), startsWith(FacegateServer.JSON_1_1));
        assertThat(header.apply("x-amzn-RequestId").orElse(""), matchesPattern(UUID));
        JsonNode body = parse(json);
        assertThat(body.path("__type").asText(), is(type));
        assertThat(body.path("Code").asText(), is(type));
        assertThat("x-amzn-ErrorType must equal __type", header.apply("x-amzn-ErrorType").orElse(null),
                is(body.path("__type").asText()));
        assertThat(body.path("Message").asText(), not(isEmptyOrNullString()));
        assertThat(body.path("Logref").asText(), matchesPattern(UUID));
        assertThat("Logref is the request id", body.path("Logref").asText(),
                is(header.apply("x-amzn-RequestId").orElse("")));
        assertThat(header.apply("Date").orElse(""), matchesPattern(HTTP_DATE));
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
