package io.facegate.auth;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

@SuppressWarnings("deprecation") // Aws4Signer is deprecated in the SDK; here it is only the test oracle.
class SigV4VerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
    private static final AccessKey KEY = new AccessKey("AKIDFACEGATE", "s3cr3t/Key+with=odd/chars",
            Set.of("rekognition:DetectFaces"));
    private static final AccessKey OTHER = new AccessKey("AKIDOTHER", "another-secret-key", Set.of("rekognition:Other"));
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(
            Map.of(KEY.id(), KEY, OTHER.id(), OTHER), "rekognition", Clock.fixed(NOW, ZoneOffset.UTC));

    /** A received request: lower-case header names to their values, and the body. */
    record Received(Map<String, List<String>> headers, byte[] body) {
        SigV4Verifier.Headers lookup() {
            return name -> headers.getOrDefault(name, List.of());
        }

        Received with(String name, String value) {
            Map<String, List<String>> copy = new TreeMap<>(headers);
            if (value == null) {
                copy.remove(name);
            } else {
                copy.put(name, List.of(value));
            }
            return new Received(copy, body);
        }

        Received withBody(byte[] newBody) {
            return new Received(headers, newBody);
        }
    }

    static Received sign(AccessKey key, String region, Instant at, String host, Map<String, String> headers, byte[] body) {
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create("http://" + host + "/"))
                .contentStreamProvider(() -> new ByteArrayInputStream(body));
        headers.forEach(request::putHeader);
        Aws4SignerParams params = Aws4SignerParams.builder()
                .awsCredentials(AwsBasicCredentials.create(key.id(), key.secret()))
                .signingName("rekognition")
                .signingRegion(Region.of(region))
                .signingClockOverride(Clock.fixed(at, ZoneOffset.UTC))
                .build();
        SdkHttpFullRequest signed = Aws4Signer.create().sign(request.build(), params);
        Map<String, List<String>> received = new TreeMap<>();
        signed.headers().forEach((name, values) -> received.put(name.toLowerCase(Locale.ROOT), values));
        received.putIfAbsent("host", List.of(host));
        return new Received(received, body);
    }

    static Received detectFaces(AccessKey key, Instant at, byte[] body) {
        return sign(key, "us-east-1", at, "127.0.0.1:8080", Map.of(
                "Content-Type", "application/x-amz-json-1.1",
                "X-Amz-Target", "RekognitionService.DetectFaces"), body);
    }

    static AccessKey verify(Received r) throws AuthException {
        return VERIFIER.authenticate("POST", "/", null, r.lookup()).verify(r.body());
    }

    static AuthException refused(Received r) {
        return assertThrows(AuthException.class, () -> verify(r));
    }

    @Test
    void awsCAuthPostVanillaVector() throws AuthException {
        AccessKey example = new AccessKey("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Set.of("*"));
        SigV4Verifier verifier = new SigV4Verifier(Map.of(example.id(), example), "service",
                Clock.fixed(Instant.parse("2015-08-30T12:36:00Z"), ZoneOffset.UTC));
        Map<String, List<String>> headers = Map.of(
                "host", List.of("example.amazonaws.com"),
                "x-amz-date", List.of("20150830T123600Z"),
                "authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date, "
                        + "Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"));
        SigV4Verifier.Headers lookup = name -> headers.getOrDefault(name, List.of());

        assertThat(verifier.authenticate("POST", "/", null, lookup).verify(new byte[0]), is(example));

        Map<String, List<String>> otherHost = new TreeMap<>(headers);
        otherHost.put("host", List.of("example.amazonaws.com:443"));
        AuthException e = assertThrows(AuthException.class,
                () -> verifier.authenticate("POST", "/", null, n -> otherHost.getOrDefault(n, List.of())).verify(new byte[0]));
        assertThat(e.failure(), is(AuthFailure.InvalidSignatureException));
    }

    @Test
    void agreesWithTheSdkSignerOnRandomRequests() throws AuthException {
        Random random = new Random(5);
        for (int i = 0; i < 200; i++) {
            byte[] body = new byte[random.nextInt(3000)];
            random.nextBytes(body);
            Map<String, String> headers = new TreeMap<>();
            headers.put("Content-Type", "application/x-amz-json-1.1");
            headers.put("X-Amz-Target", "RekognitionService.DetectFaces");
            headers.put("amz-sdk-request", "attempt=" + (1 + random.nextInt(4)) + ";   max=4");
            headers.put("X-Custom-" + i, "  spaced    value\t" + random.nextInt() + "  ");
            String region = List.of("us-east-1", "eu-west-1", "ap-southeast-2", "local").get(random.nextInt(4));
            String host = random.nextBoolean() ? "127.0.0.1:" + (1024 + random.nextInt(60000)) : "facegate.local";
            Instant at = NOW.plusSeconds(random.nextInt(599) - 299);
            Received r = sign(KEY, region, at, host, headers, body);

            assertThat(verify(r), is(KEY));
            if (body.length > 0) {
                byte[] tampered = body.clone();
                tampered[random.nextInt(body.length)] ^= 1;
                assertThat(refused(r.withBody(tampered)).failure(), is(AuthFailure.InvalidSignatureException));
            }
        }
    }

    @Test
    void tamperedBodyIsInvalidSignature() {
        Received r = detectFaces(KEY, NOW, "{\"Image\":{}}".getBytes(StandardCharsets.UTF_8));

        AuthException e = refused(r.withBody("{\"Image\":{ }}".getBytes(StandardCharsets.UTF_8)));

        assertThat(e.failure(), is(AuthFailure.InvalidSignatureException));
        assertThat(e.getMessage(), is(SigV4Verifier.MISMATCH));
    }

    @Test
    void signedContentSha256MustMatchTheBody() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Received r = sign(KEY, "us-east-1", NOW, "127.0.0.1:8080", Map.of("x-amz-content-sha256",
                java.util.HexFormat.of().formatHex(SigV4Verifier.sha256(body))), body);
        assertThat(assertThrows(AuthException.class, () -> verify(r.withBody("[]".getBytes(StandardCharsets.UTF_8))))
                .failure(), is(AuthFailure.InvalidSignatureException));
    }

    @Test
    void wrongSecretIsInvalidSignature() {
        AccessKey forged = new AccessKey(KEY.id(), "not-the-secret", KEY.actions());
        assertThat(refused(detectFaces(forged, NOW, new byte[0])).failure(), is(AuthFailure.InvalidSignatureException));
    }

    @Test
    void unknownKeyIsUnrecognizedClient() {
        AccessKey stranger = new AccessKey("AKIDSTRANGER", "whatever-secret", Set.of());
        AuthException e = refused(detectFaces(stranger, NOW, new byte[0]));
        assertThat(e.failure(), is(AuthFailure.UnrecognizedClientException));
        assertThat(e.getMessage(), is("The security token included in the request is invalid."));
    }

    @ParameterizedTest
    @ValueSource(ints = {-301, -3600, 301, 86_400})
    void outsideTheSkewWindowIsInvalidSignature(int seconds) {
        AuthException e = refused(detectFaces(KEY, NOW.plusSeconds(seconds), new byte[0]));
        assertThat(e.failure(), is(AuthFailure.InvalidSignatureException));
        assertThat(e.getMessage(), startsWith(seconds < 0 ? "Signature expired: " : "Signature not yet current: "));
    }

    @ParameterizedTest
    @ValueSource(ints = {-299, 0, 299})
    void insideTheSkewWindowVerifies(int seconds) throws AuthException {
        assertThat(verify(detectFaces(KEY, NOW.plusSeconds(seconds), new byte[0])), is(KEY));
    }

    @Test
    void missingAuthorizationIsMissingAuthenticationToken() {
        Received r = detectFaces(KEY, NOW, new byte[0]);
        for (String value : new String[] {null, "", "Bearer abc", "AWS AKID:sig"}) {
            AuthException e = refused(r.with("authorization", value));
            assertThat(e.failure(), is(AuthFailure.MissingAuthenticationTokenException));
            assertThat(e.getMessage(), is("Request is missing Authentication Token"));
        }
    }

    @Test
    void incompleteAuthorizationOrNoDateIsIncompleteSignature() {
        Received r = detectFaces(KEY, NOW, new byte[0]);
        String auth = r.headers().get("authorization").getFirst();
        List<Received> broken = new ArrayList<>();
        broken.add(r.with("authorization", auth.replaceAll("Signature=[0-9a-f]+", "")));
        broken.add(r.with("authorization", auth.replaceAll("Credential=[^,]+,", "")));
        broken.add(r.with("authorization", auth.replaceAll("SignedHeaders=[^,]+,", "")));
        broken.add(r.with("authorization", auth.replaceAll("Credential=[^/]+/", "Credential=")));
        broken.add(r.with("x-amz-date", null));
        broken.add(r.with("x-amz-date", "2026-11-27T12:00:00Z"));
        for (Received b : broken) {
            assertThat(b.toString(), refused(b).failure(), is(AuthFailure.IncompleteSignatureException));
        }
    }

    @Test
    void wrongScopeIsInvalidSignature() {
        Received r = detectFaces(KEY, NOW, new byte[0]);
        String auth = r.headers().get("authorization").getFirst();
        for (String bad : List.of(auth.replace("/rekognition/", "/s3/"), auth.replace("/aws4_request", "/aws5_request"),
                auth.replace("/20261127/", "/20261126/"), auth.replace("SignedHeaders=", "SignedHeaders=x;")
                        .replace(";host;", ";"))) {
            assertThat(bad, refused(r.with("authorization", bad)).failure(), is(AuthFailure.InvalidSignatureException));
        }
    }

    @Test
    void hostIsTakenExactlyAsReceived() {
        Received r = detectFaces(KEY, NOW, new byte[0]);
        assertThat(refused(r.with("host", "127.0.0.1")).failure(), is(AuthFailure.InvalidSignatureException));
        assertThat(refused(r.with("host", "localhost:8080")).failure(), is(AuthFailure.InvalidSignatureException));
    }

    @Test
    void securityTokensAreNotAccepted() {
        Received r = sign(KEY, "us-east-1", NOW, "127.0.0.1:8080", Map.of("X-Amz-Security-Token", "FQoG"), new byte[0]);
        assertThat(refused(r).failure(), is(AuthFailure.UnrecognizedClientException));
    }

    @Test
    void keyWithoutTheActionIsAccessDenied() throws AuthException {
        AccessKey other = verify(detectFaces(OTHER, NOW, new byte[0]));
        AuthException e = assertThrows(AuthException.class, () -> SigV4Verifier.authorize(other, "rekognition:DetectFaces"));
        assertThat(e.failure(), is(AuthFailure.AccessDeniedException));
        assertThat(e.getMessage(), is("User: AKIDOTHER is not authorized to perform: rekognition:DetectFaces"));
        SigV4Verifier.authorize(KEY, "rekognition:DetectFaces");
    }

    @Test
    void secretsNeverAppearInKeyStrings() {
        assertThat(KEY.toString().contains(KEY.secret()), is(false));
    }
}
