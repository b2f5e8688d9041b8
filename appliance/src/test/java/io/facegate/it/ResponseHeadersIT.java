package io.facegate.it;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static io.facegate.it.Patterns.matchesPattern;
import static org.hamcrest.Matchers.not;

/**
 * Every response, success or error, carries {@code Content-Type: application/x-amz-json-1.1}, a UUID
 * {@code x-amzn-RequestId}, an accurate {@code Date} (SDK v2 corrects clock skew from it) and a correct
 * {@code Content-Length}.
 */
class ResponseHeadersIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    private static final Duration DATE_SLACK = Duration.ofSeconds(5);

    @Test
    void successResponse() {
        String body = "{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(Fixtures.oneFaceJpeg()) + "\"}}";
        Instant before = Instant.now();
        HttpResponse<String> response = SERVER.post(body);
        Instant after = Instant.now();

        assertThat(response.statusCode(), is(200));
        assertProtocolHeaders(response, before, after);
    }

    @Test
    void errorResponse() {
        Instant before = Instant.now();
        HttpResponse<String> response = SERVER.post("{\"Image\":{}}");
        Instant after = Instant.now();

        assertThat(response.statusCode(), is(400));
        assertProtocolHeaders(response, before, after);
    }

    @Test
    void unknownOperationResponse() {
        Instant before = Instant.now();
        HttpResponse<String> response = SERVER.post("{}".getBytes(StandardCharsets.UTF_8), "RekognitionService.Nope",
                FacegateServer.JSON_1_1);
        Instant after = Instant.now();

        assertThat(response.statusCode(), is(400));
        assertProtocolHeaders(response, before, after);
    }

    /**
     * The Date header is RFC 7231's IMF-fixdate with a two-digit day, as AWS sends it, on every kind of response:
     * Helidon's own formatter wrote {@code Sun, 6 Dec 2026}. Only fails on days 1 to 9 of a month; {@code
     * HttpDateTest} checks the formatter on such a day whatever the date.
     */
    @Test
    void dateHasATwoDigitDay() {
        String face = "{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(Fixtures.oneFaceJpeg()) + "\"}}";
        assertThat(SERVER.post(face).headers().firstValue("Date").orElse(""), matchesPattern(ApiErrors.HTTP_DATE));
        assertThat(SERVER.post("{}").headers().firstValue("Date").orElse(""), matchesPattern(ApiErrors.HTTP_DATE));
        for (String path : new String[] {"/status", "/observe/health", "/no-such-page"}) {
            HttpResponse<String> response = SERVER.send(java.net.http.HttpRequest.newBuilder(SERVER.endpoint()
                    .resolve(path)).GET().build());
            assertThat(path, response.headers().firstValue("Date").orElse(""), matchesPattern(ApiErrors.HTTP_DATE));
        }
        RawHttp.Response protocolError = RawHttp.exchange(SERVER.port(), RawHttp.detectFacesHead("Content-Length: -1\r\n"));
        assertThat(protocolError.toString(), protocolError.header("Date").orElse(""), matchesPattern(ApiErrors.HTTP_DATE));
    }

    @Test
    void everyRequestGetsItsOwnId() {
        String first = SERVER.post("{}").headers().firstValue("x-amzn-RequestId").orElseThrow();
        String second = SERVER.post("{}").headers().firstValue("x-amzn-RequestId").orElseThrow();
        assertThat(second, not(first));
    }

    @Test
    void sdkSeesTheRequestIdAndHeaders() {
        DetectFacesResponse response = SERVER.detectFaces(Fixtures.oneFaceJpeg());

        assertThat(response.responseMetadata().requestId(), matchesPattern(ApiErrors.UUID));
        assertThat(response.sdkHttpResponse().firstMatchingHeader("Content-Type").orElse(""),
                matchesPattern("application/x-amz-json-1\\.1(;.*)?"));
        Instant date = parseDate(response.sdkHttpResponse().firstMatchingHeader("Date").orElseThrow());
        assertThat(Duration.between(date, Instant.now()).abs(), lessThanOrEqualTo(DATE_SLACK));
    }

    private static void assertProtocolHeaders(HttpResponse<String> response, Instant before, Instant after) {
        assertThat(response.headers().firstValue("Content-Type").orElse(""),
                matchesPattern("application/x-amz-json-1\\.1(;.*)?"));
        assertThat(response.headers().firstValue("x-amzn-RequestId").orElse(""), matchesPattern(ApiErrors.UUID));
        assertThat(response.headers().allValues("x-amzn-RequestId").size(), is(1));

        String date = response.headers().firstValue("Date").orElseThrow(() -> new AssertionError("no Date header"));
        assertThat(date, matchesPattern(ApiErrors.HTTP_DATE));
        Instant sent = parseDate(date);
        // Whole seconds, and Helidon refreshes its cached Date about once a second: up to ~2 s behind the request,
        // never ahead of it. SDK v2 corrects skew only when it is minutes, so this is accurate enough.
        assertThat("Date " + date + " vs request at " + before, sent.isBefore(before.minusSeconds(3)), is(false));
        assertThat("Date " + date + " vs response at " + after, sent.isAfter(after.plusSeconds(1)), is(false));
        assertThat(Duration.between(sent, Instant.now()).abs(), lessThanOrEqualTo(DATE_SLACK));

        long length = Long.parseLong(response.headers().firstValue("Content-Length")
                .orElseThrow(() -> new AssertionError("no Content-Length")));
        assertThat(length, is((long) response.body().getBytes(StandardCharsets.UTF_8).length));
    }

    private static Instant parseDate(String value) {
        return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }
}
