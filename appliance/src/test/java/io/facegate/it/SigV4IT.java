package io.facegate.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.AccessDeniedException;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * SigV4 on the real server (auth.enabled=true, a chmod-600 credentials file): the AWS SDK for Java v2, boto3 and the
 * AWS CLI authenticate with their own signers; tampered bodies, wrong secrets, unknown keys, replays outside the
 * 5-minute window, missing headers and keys without the action each get their typed error, and the service keeps
 * serving.
 */
@SuppressWarnings("deprecation") // Aws4Signer signs the raw requests: a test oracle only.
class SigV4IT {

    static final String KEY = "AKIDFACEGATETEST";
    static final String SECRET = "facegate-test-secret";
    static final String NO_ACTION_KEY = "AKIDLABELSONLY";
    static final String NO_ACTION_SECRET = "labels-only-secret";

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> Map.of(
            "auth.enabled", "true",
            "auth.credentials-file", credentialsFile().toString()));

    private static Path credentials;

    static synchronized Path credentialsFile() {
        if (credentials == null) {
            try {
                Path dir = Files.createTempDirectory("facegate-auth-");
                dir.toFile().deleteOnExit();
                credentials = Files.writeString(dir.resolve("credentials"),
                        KEY + " " + SECRET + " rekognition:DetectFaces\n"
                                + NO_ACTION_KEY + " " + NO_ACTION_SECRET + " rekognition:DetectLabels\n");
                credentials.toFile().deleteOnExit();
                Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return credentials;
    }

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    private static RekognitionClient client(String key, String secret) {
        return RekognitionClient.builder()
                .endpointOverride(SERVER.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static RekognitionException sdkError(String key, String secret) {
        try (RekognitionClient client = client(key, secret)) {
            return assertThrows(RekognitionException.class, () -> client.detectFaces(r -> r.image(
                    Image.builder().bytes(SdkBytes.fromByteArray(Fixtures.oneFaceJpeg())).build())));
        }
    }

    // ---- the three clients authenticate ----

    @Test
    void sdkV2Authenticates() {
        try (RekognitionClient client = client(KEY, SECRET)) {
            assertThat(client.detectFaces(r -> r.image(Image.builder()
                    .bytes(SdkBytes.fromByteArray(Fixtures.oneFaceJpeg())).build())).faceDetails(), hasSize(1));
        }
    }

    @Test
    void boto3Authenticates() throws IOException {
        assumeTrue(Subprocess.works("python3", "-c", "import boto3"), "python3 with boto3 is not installed");
        JsonNode ok = boto3(Map.of());
        assertThat(ok.toString(), ok.path("ok").asBoolean(), is(true));
        assertThat(ok.path("faces").size(), is(1));

        JsonNode wrong = boto3(Map.of("AWS_SECRET_ACCESS_KEY", "not-the-secret"));
        assertThat(wrong.toString(), wrong.path("code").asText(), is("InvalidSignatureException"));
        assertThat(wrong.path("status").asInt(), is(400));

        JsonNode denied = boto3(Map.of("AWS_ACCESS_KEY_ID", NO_ACTION_KEY, "AWS_SECRET_ACCESS_KEY", NO_ACTION_SECRET));
        assertThat(denied.path("code").asText(), is("AccessDeniedException"));
        assertThat(denied.path("exceptionClass").asText(), is("AccessDeniedException"));
    }

    @Test
    void awsCliAuthenticates() {
        assumeTrue(Subprocess.works("aws", "--version"), "the AWS CLI is not installed");
        Path face = Fixtures.write(SERVER.tempRoot().resolve("sigv4/face.jpg"), Fixtures.oneFaceJpeg());
        List<String> command = List.of("aws", "rekognition", "detect-faces", "--endpoint-url",
                SERVER.endpoint().toString(), "--region", "ap-southeast-2", "--output", "json",
                "--image-bytes", "fileb://" + face);

        Subprocess.Result ok = Subprocess.run(command, Map.of(), 120);
        assertThat(ok.toString(), ok.exitCode(), is(0));
        assertThat(ApiErrors.parse(ok.stdout()).path("FaceDetails").size(), is(1));

        Subprocess.Result unknown = Subprocess.run(command, Map.of("AWS_ACCESS_KEY_ID", "AKIDNOBODY"), 120);
        assertThat(unknown.exitCode(), not(0));
        assertThat(unknown.stderr(), containsString("(UnrecognizedClientException)"));
        assertThat(unknown.stderr(), containsString("The security token included in the request is invalid."));
    }

    private static JsonNode boto3(Map<String, String> env) throws IOException {
        String script;
        try (var in = Boto3IT.class.getResourceAsStream("detect_faces.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path face = Fixtures.write(SERVER.tempRoot().resolve("sigv4/boto3.jpg"), Fixtures.oneFaceJpeg());
        Subprocess.Result result = Subprocess.run(
                List.of("python3", "-c", script, SERVER.endpoint().toString(), "bytes", face.toString()), env, 120);
        assertThat(result.toString(), result.exitCode(), is(0));
        String[] lines = result.stdout().strip().split("\n");
        return ApiErrors.parse(lines[lines.length - 1]);
    }

    // ---- each refusal gets its typed error ----

    @Test
    void wrongSecretIsInvalidSignatureException() {
        RekognitionException e = sdkError(KEY, "not-the-secret");
        assertThat(e.statusCode(), is(400));
        assertThat(e.awsErrorDetails().errorCode(), is("InvalidSignatureException"));
        assertThat(e.awsErrorDetails().errorMessage(), startsWith("The request signature we calculated does not match"));
    }

    @Test
    void unknownKeyIsUnrecognizedClientException() {
        RekognitionException e = sdkError("AKIDNOBODY", SECRET);
        assertThat(e.awsErrorDetails().errorCode(), is("UnrecognizedClientException"));
        assertThat(e.statusCode(), is(400));
    }

    @Test
    void keyWithoutTheActionIsTheModelledAccessDeniedException() {
        RekognitionException e = sdkError(NO_ACTION_KEY, NO_ACTION_SECRET);
        assertThat(e.getClass(), equalTo((Object) AccessDeniedException.class));
        assertThat(e.awsErrorDetails().errorMessage(),
                is("User: " + NO_ACTION_KEY + " is not authorized to perform: rekognition:DetectFaces"));
    }

    @Test
    void tamperedBodyIsInvalidSignatureException() {
        byte[] signedBody = body(Fixtures.oneFaceJpeg());
        byte[] otherBody = body(Fixtures.jpeg(Fixtures.blank(200, 200), false));
        HttpResponse<String> response = SERVER.send(signed(Instant.now(), signedBody, otherBody, Set.of()));
        JsonNode error = ApiErrors.assertRawError(response, 400, "InvalidSignatureException");
        assertThat(error.path("Message").asText(), startsWith("The request signature we calculated does not match"));
        // The untampered request with the same signature passes.
        assertThat(SERVER.send(signed(Instant.now(), signedBody, signedBody, Set.of())).statusCode(), is(200));
    }

    @Test
    void replayOutsideTheSkewWindowIsInvalidSignatureException() {
        byte[] body = body(Fixtures.oneFaceJpeg());
        JsonNode past = ApiErrors.assertRawError(SERVER.send(signed(Instant.now().minus(Duration.ofMinutes(6)), body,
                body, Set.of())), 400, "InvalidSignatureException");
        assertThat(past.path("Message").asText(), startsWith("Signature expired: "));
        JsonNode future = ApiErrors.assertRawError(SERVER.send(signed(Instant.now().plus(Duration.ofMinutes(6)), body,
                body, Set.of())), 400, "InvalidSignatureException");
        assertThat(future.path("Message").asText(), startsWith("Signature not yet current: "));
    }

    @Test
    void missingAuthorizationIsMissingAuthenticationTokenException() {
        JsonNode error = ApiErrors.assertRawError(SERVER.post("{\"Image\":{\"Bytes\":\"AAAA\"}}"), 400,
                "MissingAuthenticationTokenException");
        assertThat(error.path("Message").asText(), is("Request is missing Authentication Token"));
        RekognitionException sdk = assertThrows(RekognitionException.class, () -> SERVER.detectFaces(new byte[] {1}));
        assertThat("the unsigned-looking SDK default client signs with a known key", sdk.awsErrorDetails().errorCode(),
                not("MissingAuthenticationTokenException"));
    }

    @Test
    void missingDateHeaderIsIncompleteSignatureException() {
        byte[] body = body(Fixtures.oneFaceJpeg());
        JsonNode error = ApiErrors.assertRawError(SERVER.send(signed(Instant.now(), body, body, Set.of("X-Amz-Date"))),
                400, "IncompleteSignatureException");
        assertThat(error.path("Message").asText(), containsString("'X-Amz-Date' or a 'Date' header"));
    }

    private static byte[] body(byte[] image) {
        return ("{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(image) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A request signed over {@code signedBody} at {@code at} that sends {@code sentBody}, without {@code dropped}. */
    private static HttpRequest signed(Instant at, byte[] signedBody, byte[] sentBody, Set<String> dropped) {
        URI uri = SERVER.endpoint().resolve("/");
        SdkHttpFullRequest request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", FacegateServer.JSON_1_1)
                .putHeader("X-Amz-Target", FacegateServer.TARGET)
                .contentStreamProvider(() -> new ByteArrayInputStream(signedBody))
                .build();
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request, Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(KEY, SECRET))
                .signingName("rekognition").signingRegion(Region.US_WEST_2)
                .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC))
                .build());
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(sentBody));
        List<String> names = new ArrayList<>(signed.headers().keySet());
        for (String name : names) {
            if (!name.equalsIgnoreCase("Host") && dropped.stream().noneMatch(name::equalsIgnoreCase)) {
                signed.headers().get(name).forEach(v -> out.header(name, v));
            }
        }
        return out.build();
    }
}
