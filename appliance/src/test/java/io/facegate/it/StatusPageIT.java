package io.facegate.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page with SigV4 on and {@code ui.preview: true}, over HTTP: the page's files are served to anyone (they
 * hold no data) with a strict Content-Security-Policy, while its data needs a signed request or a browser session;
 * a session is opened only by a signed call of a key allowed to read, carries only that key's read actions, and ends
 * when closed; the preview is the last examined frame, downscaled; DetectFaces on {@code POST /} is untouched.
 */
@SuppressWarnings("deprecation") // Aws4Signer is deprecated in the SDK; here it only signs test requests.
class StatusPageIT {

    private static final String VIEWER = "AKIDVIEWER";
    private static final String VIEWER_SECRET = "viewer-secret";
    private static final String OPS = "AKIDOPS";
    private static final String OPS_SECRET = "ops-secret";
    private static final String API = "AKIDFACEGATETEST";
    private static final String API_SECRET = "facegate-test-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    private static Path drops;
    private static FolderCamera camera;

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> {
        try {
            drops = Files.createTempDirectory("facegate-page-drops-");
            Path credentials = Files.writeString(drops.getParent().resolve("page-credentials-" + System.nanoTime()),
                    VIEWER + " " + VIEWER_SECRET + " facegate:GetStatus,facegate:GetEvents,facegate:GetPreview\n"
                            + OPS + " " + OPS_SECRET + " facegate:GetStatus,facegate:GetEvents\n"
                            + API + " " + API_SECRET + " rekognition:DetectFaces\n");
            Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
            return Map.ofEntries(
                    Map.entry("auth.enabled", "true"),
                    Map.entry("auth.credentials-file", credentials.toString()),
                    Map.entry("ui.preview", "true"),
                    Map.entry("detector.tile-above-pixels", "1000"),
                    Map.entry("cameras.door.source", "folder"),
                    Map.entry("cameras.door.folder", drops.toString()),
                    Map.entry("cameras.door.poll", "50ms"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    @Test
    void thePageIsPublicItsDataIsNotAndDetectFacesIsUnchanged() {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode(), is(200));
        assertThat(page.headers().firstValue("Content-Type").orElse(""), startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""),
                containsString("script-src 'self'"));
        assertThat(page.body(), containsString("<script src=\"/ui/app.js\""));
        assertThat(get("/ui/app.js", null).headers().firstValue("Content-Type").orElse(""),
                startsWith("text/javascript"));

        for (String data : List.of("/status", "/events", "/ui/frames", "/ui/preview/door")) {
            ApiErrors.assertRawError(get(data, null), 400, "MissingAuthenticationTokenException");
            ApiErrors.assertRawError(get(data, "facegate-session=forged"), 400,
                    "MissingAuthenticationTokenException");
        }
        HttpResponse<String> session = get("/ui/session", null);
        assertThat(session.body(), is("{\"signInNeeded\":true}"));

        SERVER.assertStillServing();
    }

    @Test
    void aSignedCallOpensASessionWithTheKeysReadActionsOnly() throws Exception {
        ApiErrors.assertRawError(send(signedPost("/ui/session", API, API_SECRET)), 400, "AccessDeniedException");
        ApiErrors.assertRawError(send(signedPost("/ui/session", OPS, "wrong")), 400, "InvalidSignatureException");

        String ops = cookie(send(signedPost("/ui/session", OPS, OPS_SECRET)));
        assertThat(get("/status", ops).statusCode(), is(200));
        assertThat(get("/ui/frames", ops).statusCode(), is(200));
        assertThat(events(ops), is(200));
        ApiErrors.assertRawError(get("/ui/preview/door", ops), 400, "AccessDeniedException");
        JsonNode who = JSON.readTree(get("/ui/session", ops).body());
        assertThat(who.path("key").asText(), is(OPS));

        HttpResponse<String> closed = send(HttpRequest.newBuilder(SERVER.endpoint().resolve("/ui/session"))
                .header("Cookie", ops).DELETE().build());
        assertThat(closed.statusCode(), is(204));
        assertThat(closed.headers().firstValue("Set-Cookie").orElse(""), containsString("Max-Age=0"));
        ApiErrors.assertRawError(get("/status", ops), 400, "MissingAuthenticationTokenException");
    }

    @Test
    void thePreviewIsTheLastExaminedFrameDownscaledWithItsFaces() throws Exception {
        HttpResponse<String> opened = send(signedPost("/ui/session", VIEWER, VIEWER_SECRET));
        assertThat(opened.statusCode(), is(200));
        String header = opened.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(header, containsString("HttpOnly"));
        assertThat(header, containsString("SameSite=Strict"));
        String viewer = cookie(opened);

        awaitStreaming(viewer);
        camera().drop(FolderCamera.faceJpeg());
        JsonNode door = null;
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            door = JSON.readTree(get("/ui/frames", viewer).body()).path("cameras").path("door");
            if (!door.isMissingNode()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(door.path("width").asInt(), is(CameraRig.WIDTH));
        assertThat(door.path("faces").size(), is(1));
        assertThat(door.path("faces").get(0).path("box").path("width").asDouble(), greaterThan(0.1));

        HttpResponse<InputStream> preview = HTTP.send(HttpRequest.newBuilder(
                SERVER.endpoint().resolve("/ui/preview/door")).header("Cookie", viewer).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(preview.statusCode() == 200 ? "" : new String(preview.body().readAllBytes()),
                preview.statusCode(), is(200));
        assertThat(preview.headers().firstValue("Content-Type").orElse(""), is("image/jpeg"));
        assertThat(preview.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        byte[] jpeg = preview.body().readAllBytes();
        var image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertThat("ui.preview-width", image.getWidth(), is(320));
        assertThat(image.getHeight(), is(240));
    }

    /** The preview in a real browser: the page loads the downscaled frame under the face box (not committed: the photo is not ours). */
    @Test
    void theBrowserShowsThePreviewUnderTheFaceBox(@TempDir Path scratch) throws Exception {
        assumeTrue(Chromium.binary() != null, "Chromium is not installed (.ci/run installs Debian's chromium)");
        try (Chromium browser = new Chromium(scratch)) {
            browser.screen(800, 480, false);
            browser.navigate(SERVER.endpoint().resolve("/").toString());
            browser.await("!document.querySelector('#sign-in').hidden", Duration.ofSeconds(20));
            browser.eval("document.querySelector('#key-id').value = '" + VIEWER + "';"
                    + "document.querySelector('#key-secret').value = '" + VIEWER_SECRET + "';"
                    + "document.querySelector('#sign-in').requestSubmit(); true");
            browser.await("document.querySelector('[data-camera=\"door\"] .state')?.dataset.state === 'streaming'",
                    Duration.ofSeconds(20));
            camera().drop(FolderCamera.faceJpeg());
            browser.await("document.querySelector('[data-camera=\"door\"] .frame img')?.naturalWidth === 320",
                    Duration.ofSeconds(20));
            browser.await("document.querySelectorAll('[data-camera=\"door\"] .face-box').length === 1",
                    Duration.ofSeconds(10));
            Files.write(Files.createDirectories(Path.of("target")).resolve("status-page-preview.png"),
                    browser.screenshot());
            assertThat("no JavaScript error in the console", browser.errors(), is(List.of()));
        }
    }

    private static synchronized FolderCamera camera() {
        if (camera == null) {
            camera = new FolderCamera(drops);
        }
        return camera;
    }

    private static void awaitStreaming(String cookie) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (get("/status", cookie).body().contains("\"state\":\"streaming\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("camera door never streamed");
    }

    private static int events(String cookie) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(
                SERVER.endpoint().resolve("/events")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    private static String cookie(HttpResponse<String> response) {
        assertThat(response.body(), response.statusCode(), is(200));
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    private static HttpResponse<String> get(String path, String cookie) {
        HttpRequest.Builder request = HttpRequest.newBuilder(SERVER.endpoint().resolve(path))
                .timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (path.equals("/events")) {
            try {
                HttpResponse<InputStream> response = HTTP.send(request.build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                byte[] head = response.statusCode() == 200 ? new byte[0] : response.body().readAllBytes();
                response.body().close();
                return new FixedResponse(response, new String(head, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        return SERVER.send(request);
    }

    private static HttpRequest signedPost(String path, String key, String secret) {
        URI uri = SERVER.endpoint().resolve(path);
        SdkHttpFullRequest signed = Aws4Signer.create().sign(
                SdkHttpFullRequest.builder().method(SdkHttpMethod.POST).uri(uri).build(),
                Aws4SignerParams.builder().awsCredentials(AwsBasicCredentials.create(key, secret))
                        .signingName("rekognition").signingRegion(Region.EU_WEST_1).build());
        HttpRequest.Builder out = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody());
        signed.headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> out.header(name, v));
            }
        });
        return out.build();
    }

    /** A streamed response with the body read so far, for the shared error assertions. */
    private record FixedResponse(HttpResponse<InputStream> response, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public java.net.http.HttpClient.Version version() {
            return response.version();
        }
    }
}
