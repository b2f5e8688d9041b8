package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.facegate.Main;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.model.ModelRegistry;
import io.facegate.Appliance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.Image;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;

/**
 * The real facegate server, started once per test class on a free loopback port:
 * {@code @RegisterExtension static final FacegateServer SERVER = new FacegateServer();}.
 *
 * <p>The configuration goes through {@link ConfigLoader} as in production (application.yaml from the classpath,
 * overridden by the test's keys), with {@code server.port=0}, the test models folder and one S3 bucket
 * {@value #BUCKET} mapped to a fresh temporary folder ({@link #bucketDir()}). The models are the verified
 * {@code blazeface-back-256} from {@code facegate.test.models}.
 */
public final class FacegateServer implements BeforeAllCallback, AfterAllCallback {

    /** The S3 bucket name mapped to {@link #bucketDir()}. */
    public static final String BUCKET = "facegate-test";
    public static final String DETECTOR = "blazeface-back-256";
    public static final String TARGET = "RekognitionService.DetectFaces";
    public static final String JSON_1_1 = "application/x-amz-json-1.1";

    private final java.util.function.Supplier<Map<String, String>> extraConfig;
    private Path tempRoot;
    private Path bucketDir;
    private ModelRegistry models;
    private Appliance server;
    private RekognitionClient rekognition;
    private HttpClient http;
    private boolean modelsClosed;

    public FacegateServer() {
        this(Map::of);
    }

    /** With more configuration keys, computed when the server starts. */
    public FacegateServer(java.util.function.Supplier<Map<String, String>> extraConfig) {
        this.extraConfig = extraConfig;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        tempRoot = Files.createTempDirectory("facegate-it-");
        bucketDir = Files.createDirectories(tempRoot.resolve("bucket"));
        FacegateConfig config = loadConfig(modelsDir(), bucketDir, extraConfig.get());
        models = ModelRegistry.load(config.models());
        server = Main.start(config, models);
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (rekognition != null) {
                rekognition.close();
            }
            if (http != null) {
                http.close();
            }
            if (server != null) {
                server.stop();
            }
        } finally {
            try {
                if (models != null && !modelsClosed) {
                    models.close();
                }
            } finally {
                deleteRecursively(tempRoot);
            }
        }
    }

    public static Path modelsDir() {
        String dir = System.getProperty("facegate.test.models");
        if (dir == null) {
            throw new IllegalStateException("system property facegate.test.models is not set (run the tests with Maven)");
        }
        return Path.of(dir);
    }

    /** Builds the configuration through the production loader: application.yaml overridden by the test's keys. */
    static FacegateConfig loadConfig(Path modelsDir, Path bucketDir) {
        return loadConfig(modelsDir, bucketDir, Map.of());
    }

    static FacegateConfig loadConfig(Path modelsDir, Path bucketDir, Map<String, String> extra) {
        Map<String, String> keys = new HashMap<>(Map.of(
                "server.host", "127.0.0.1",
                "server.port", "0",
                "models.dir", modelsDir.toString(),
                "models.detector", DETECTOR,
                "s3.buckets." + BUCKET, bucketDir.toString(),
                // Tests of concurrency queue freely; AdmissionTest and ThrottlingIT set tight limits.
                "admission.max-queued", "256",
                "admission.queue-timeout", "300s"));
        keys.putAll(extra);
        return ConfigLoader.fromKeys(keys, modelsDir);
    }

    public int port() {
        return server.port();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** The folder that S3 bucket {@value #BUCKET} reads from. */
    public Path bucketDir() {
        return bucketDir;
    }

    /** A temporary folder beside (outside) the bucket folder, deleted with it. */
    public Path tempRoot() {
        return tempRoot;
    }

    /**
     * Closes the models under the running server (fault injection: every inference then fails inside the service).
     * The server keeps running until the class ends.
     */
    public synchronized void closeModels() {
        if (!modelsClosed) {
            modelsClosed = true;
            models.close();
        }
    }

    /** An SDK v2 client for this server that never retries, so error tests see exactly one attempt. */
    public synchronized RekognitionClient rekognition() {
        if (rekognition == null) {
            rekognition = client(endpoint());
        }
        return rekognition;
    }

    static RekognitionClient client(URI endpoint) {
        return RekognitionClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDFACEGATETEST", "facegate-test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    /** DetectFaces with image bytes through the SDK. */
    public DetectFacesResponse detectFaces(byte[] image) {
        return rekognition().detectFaces(r -> r.image(Image.builder().bytes(SdkBytes.fromByteArray(image)).build()));
    }

    /** Fails unless the service still finds exactly the one face of the standard fixture. */
    public void assertStillServing() {
        DetectFacesResponse response = detectFaces(Fixtures.oneFaceJpeg());
        assertThat("the service must still answer a good request", response.faceDetails(), hasSize(1));
    }

    /** POSTs a raw body to {@code /} with the DetectFaces target and the AWS JSON 1.1 content type. */
    public HttpResponse<String> post(String body) {
        return post(body.getBytes(StandardCharsets.UTF_8), TARGET, JSON_1_1);
    }

    /** POSTs a raw body; {@code target} or {@code contentType} null leaves that header out. */
    public HttpResponse<String> post(byte[] body, String target, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint().resolve("/"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (target != null) {
            request.header("X-Amz-Target", target);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteRecursively(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            // Files.walk does not follow links, so a link to outside the folder is deleted, not its target.
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
