package io.facegate.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.facegate.it.ApiErrors.assertRawError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A request refused before its body was read (too large, unknown operation; {@link ThrottlingIT} covers a saturated
 * box) is still answered to a plain HTTP client that writes its whole body before reading: the server reads and
 * discards the body (up to {@code 4 × server.max-payload-size}, within {@code server.body-timeout}), then sends the
 * typed error with {@code Connection: close} and closes. It used to close at once, and a client sending 17.7 MB got
 * a broken pipe instead of the error (the SDKs coped; curl and Python's http.client did not).
 */
class EarlyRejectionIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    /** 17.7 MB, as in the report: over server.max-payload-size (16 MiB), under the drain limit (64 MiB). */
    private static final long OVER_THE_LIMIT = 17_700_000;

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    private static RawHttp.Body imageOf(long length) {
        return RawHttp.Body.of("{\"Image\":{\"Bytes\":\"", (byte) 'A', "\"}}", length);
    }

    private static void assertAnsweredAndClosed(RawHttp.Response response, int status, String type) {
        assertRawError(response, status, type);
        assertThat(response.toString(), response.header("Connection").orElse(""), is("close"));
        assertThat(response.toString(), response.closed(), is(true));
    }

    @Test
    void bodyOverTheLimitIsReadThenAnswered() {
        RawHttp.Response response = RawHttp.exchange(SERVER.port(),
                RawHttp.detectFacesHead("Content-Length: " + OVER_THE_LIMIT + "\r\n").getBytes(), imageOf(OVER_THE_LIMIT));
        assertAnsweredAndClosed(response, 400, "ImageTooLargeException");
    }

    @Test
    void chunkedBodyOverTheLimitIsReadThenAnswered() {
        RawHttp.Response response = RawHttp.exchange(SERVER.port(),
                RawHttp.detectFacesHead("Transfer-Encoding: chunked\r\n").getBytes(),
                RawHttp.Body.chunked(imageOf(OVER_THE_LIMIT)));
        assertAnsweredAndClosed(response, 400, "ImageTooLargeException");
    }

    @Test
    void unknownOperationWithABodyIsReadThenAnswered() {
        long length = 7_000_000;
        String head = RawHttp.detectFacesHead("Content-Length: " + length + "\r\n")
                .replace(FacegateServer.TARGET, "RekognitionService.DetectLabels");
        RawHttp.Response response = RawHttp.exchange(SERVER.port(), head.getBytes(), imageOf(length));
        assertAnsweredAndClosed(response, 400, "UnknownOperationException");
    }

    /** A client that waits for 100 Continue is answered at once, without inviting the body. */
    @Test
    void expectContinueOverTheLimitIsAnsweredWithoutTheBody() {
        RawHttp.Response response = RawHttp.exchange(SERVER.port(),
                RawHttp.detectFacesHead("Content-Length: " + OVER_THE_LIMIT + "\r\nExpect: 100-continue\r\n"));
        assertAnsweredAndClosed(response, 400, "ImageTooLargeException");
    }

    /** Beyond the drain limit the body is not read: the error is sent at once (the client should not send it). */
    @Test
    void bodyBeyondTheDrainLimitIsAnsweredWithoutReadingIt() {
        RawHttp.Response response = RawHttp.exchange(SERVER.port(),
                RawHttp.detectFacesHead("Content-Length: 1000000000\r\n"));
        assertAnsweredAndClosed(response, 400, "ImageTooLargeException");
    }
}
