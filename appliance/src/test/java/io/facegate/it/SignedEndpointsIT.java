package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * With SigV4 on, {@code GET /status} needs a key allowed {@code facegate:GetStatus}, and {@code GET /events} one
 * allowed {@code facegate:GetEvents}; a DetectFaces-only key and an unsigned request are refused with typed errors.
 */
@SuppressWarnings("deprecation") // Aws4Signer is deprecated in the SDK; here it only signs test requests.
class SignedEndpointsIT {

    private static final String OPS_KEY = "AKIDOPERATOR";
    private static final String OPS_SECRET = "operator-secret";
    private static final String API_KEY = "AKIDAPIONLY";
    private static final String API_SECRET = "api-secret";

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> Map.of(
            "auth.enabled", "true",
            "auth.credentials-file", credentials().toString()));

    @Test
    void statusNeedsAKeyAllowedToReadIt() {
        assertThat(send(signed("/status", OPS_KEY, OPS_SECRET)).statusCode(), is(200));

        HttpResponse<String> apiOnly = send(signed("/status", API_KEY, API_SECRET));
        ApiErrors.assertRawError(apiOnly, 400, "AccessDeniedException");
        assertThat(apiOnly.body(), containsString("facegate:GetStatus"));

        ApiErrors.assertRawError(send(HttpRequest.newBuilder(SERVER.endpoint().resolve("/status")).GET().build()),
                400, "MissingAuthenticationTokenException");
        ApiErrors.assertRawError(send(signed("/status", OPS_KEY, "wrong-secret")), 400, "InvalidSignatureException");
    }

    @Test
    void eventsNeedTheirOwnAction() {
        ApiErrors.assertRawError(send(signed("/events", API_KEY, API_SECRET)), 400, "AccessDeniedException");
        ApiErrors.assertRawError(send(HttpRequest.newBuilder(SERVER.endpoint().resolve("/events")).GET().build()),
                400, "MissingAuthenticationTokenException");
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return SERVER.send(request);
    }

    private static HttpRequest signed(String path, String key, String secret) {
        URI uri = SERVER.endpoint().resolve(path);
        SdkHttpFullRequest signed = Aws4Signer.create().sign(
                SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).uri(uri).build(),
                Aws4SignerParams.builder().awsCredentials(AwsBasicCredentials.create(key, secret))
                        .signingName("rekognition").signingRegion(Region.EU_WEST_1).build());
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return out.build();
    }

    private static Path credentials() {
        try {
            Path dir = Files.createTempDirectory("facegate-signed-");
            dir.toFile().deleteOnExit();
            Path file = Files.writeString(dir.resolve("credentials"),
                    OPS_KEY + " " + OPS_SECRET + " facegate:GetStatus\n"
                            + API_KEY + " " + API_SECRET + " rekognition:DetectFaces\n");
            file.toFile().deleteOnExit();
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
