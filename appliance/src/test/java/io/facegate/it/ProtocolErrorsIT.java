package io.facegate.it;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.facegate.it.ApiErrors.assertRawError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Requests refused at the HTTP level, before any operation runs, still get an AWS-shaped JSON error
 * ({@code __type}, {@code Code}, {@code Message}, {@code Logref}, {@code x-amzn-ErrorType}, {@code x-amzn-RequestId})
 * and a 4xx status: what Helidon answered with an empty body or {@code text/plain}, and a TLS ClientHello on the
 * plain port with an empty 500.
 */
class ProtocolErrorsIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    /** {@code GET /} is the status page (issue 16); an API client's GET (it sends X-Amz-Target) is not an operation. */
    @Test
    void getRootWithATargetIsUnknownOperation() {
        RawHttp.Response response = RawHttp.exchange(SERVER.port(), "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "X-Amz-Target: RekognitionService.DetectFaces\r\n\r\n");
        JsonNode error = assertRawError(response, 404, "UnknownOperationException");
        assertThat(error.path("Message").asText(), containsString("POST /"));
    }

    @Test
    void unknownPathIsUnknownOperation() {
        HttpResponse<String> get = SERVER.send(HttpRequest.newBuilder(SERVER.endpoint().resolve("/no-such-page"))
                .GET().build());
        assertRawError(get, 404, "UnknownOperationException");
        HttpResponse<String> post = SERVER.send(HttpRequest.newBuilder(SERVER.endpoint().resolve("/status"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertRawError(post, 404, "UnknownOperationException");
    }

    @Test
    void headHasNoBody() {
        RawHttp.Response response = RawHttp.exchange(SERVER.port(), "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertThat(response.toString(), response.status(), is(404));
        assertThat(response.header("x-amzn-ErrorType").orElse(""), is("UnknownOperationException"));
        assertThat(response.body(), is(""));
    }

    /**
     * A real ClientHello (the JDK's, TLS 1.2/1.3) sent to the plain HTTP port, its 32 random bytes fixed so that
     * the first line ends inside them: Helidon then reads the record header as a method name, fails on it with an
     * IllegalArgumentException, and answered 500 with an empty body. A client speaking TLS to the plain port sent a
     * bad request, not the server a fault.
     */
    @Test
    void tlsClientHelloOnThePlainPortIsABadRequest() throws Exception {
        byte[] hello = clientHello();
        RawHttp.Response response = RawHttp.exchange(SERVER.port(), hello);
        assertRawError(response, 400, "InvalidParameterException");
        assertThat(response.toString(), response.closed(), is(true));
    }

    @Test
    void negativeContentLength() {
        assertRawError(RawHttp.exchange(SERVER.port(), RawHttp.detectFacesHead("Content-Length: -5\r\n")), 400,
                "InvalidParameterException");
    }

    @Test
    void contentLengthThatIsNotANumber() {
        assertRawError(RawHttp.exchange(SERVER.port(), RawHttp.detectFacesHead("Content-Length: 12abc\r\n")), 400,
                "InvalidParameterException");
    }

    @Test
    void hundredKilobyteHeader() {
        String head = RawHttp.detectFacesHead("X-Padding: " + "a".repeat(100 * 1024) + "\r\nContent-Length: 2\r\n");
        RawHttp.Response response = RawHttp.exchange(SERVER.port(), (head + "{}").getBytes(StandardCharsets.US_ASCII));
        assertRawError(response, response.status(), "InvalidParameterException");
        assertThat(response.toString(), response.status() == 400 || response.status() == 431, is(true));
    }

    @Test
    void contentLengthWithChunked() {
        String head = RawHttp.detectFacesHead("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n");
        assertRawError(RawHttp.exchange(SERVER.port(), head + "2\r\n{}\r\n0\r\n\r\n"), 400, "InvalidParameterException");
    }

    @Test
    void badChunkSize() {
        String head = RawHttp.detectFacesHead("Transfer-Encoding: chunked\r\n");
        assertRawError(RawHttp.exchange(SERVER.port(), head + "zz\r\n{}\r\n0\r\n\r\n"), 400, "InvalidParameterException");
    }

    @Test
    void requestLineTooLong() {
        RawHttp.Response response = RawHttp.exchange(SERVER.port(),
                "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertRawError(response, 414, "InvalidParameterException");
    }

    @Test
    void httpOneZeroIsNotSupported() {
        assertRawError(RawHttp.exchange(SERVER.port(), "GET /status HTTP/1.0\r\n\r\n"), 505,
                "InvalidParameterException");
    }

    @Test
    void garbageRequestLine() {
        assertRawError(RawHttp.exchange(SERVER.port(), "\u0001\u0002 / HTTP/1.1\r\nHost: x\r\n\r\n"), 400,
                "InvalidParameterException");
    }

    /** The JDK's ClientHello with its random field set to a space, 29 letters and CRLF. */
    private static byte[] clientHello() throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.beginHandshake();
        engine.wrap(ByteBuffer.allocate(0), out);
        byte[] hello = Arrays.copyOf(out.array(), out.position());
        // TLS record: type 22 (handshake), version, length; handshake: type 1 (ClientHello), length, version, random.
        assertThat("a TLS handshake record", hello[0], is((byte) 22));
        assertThat("a ClientHello", hello[5], is((byte) 1));
        for (int i = 0; i < 11; i++) {
            assertThat("no line break before the random field", hello[i] != '\r' && hello[i] != '\n', is(true));
        }
        byte[] random = (" " + "A".repeat(29) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(random, 0, hello, 11, 32);
        return hello;
    }
}
