package io.facegate.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.rekognition.model.ThrottlingException;

import static io.facegate.it.ApiErrors.assertRawError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One detector slot and no queue: of simultaneous requests, those that find the slot taken are answered at once
 * with the modelled {@code ThrottlingException}, HTTP 500 as in Rekognition's DetectFaces reference (the service
 * model marks it a server fault), the rest succeed, and nothing else happens. The SDK for Java v2 and boto3 retry
 * it, in their default (legacy) and standard retry modes.
 */
class ThrottlingIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> Map.of(
            "admission.max-concurrent", "1",
            "admission.max-queued", "0"));

    private static final String SLOW_DOWN = "Slow down; sudden increase in rate of requests.";
    /** How many calls a retry test makes at most while the slot is kept busy, until one is retried. */
    private static final int CALLS = 10;

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    @Test
    void beyondTheSlotIsThrottlingException() throws Exception {
        byte[] photo = Fixtures.photoBytes(2);
        int clients = 8;
        int ok = 0;
        int throttled = 0;
        for (int round = 0; round < 3 && throttled == 0; round++) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                for (int i = 0; i < clients; i++) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        try {
                            SERVER.detectFaces(photo);
                            return "ok";
                        } catch (RekognitionException e) {
                            assertThat(e.getClass(), equalTo((Object) ThrottlingException.class));
                            assertThat(e.statusCode(), is(500));
                            assertThat(e.awsErrorDetails().errorMessage(), is(SLOW_DOWN));
                            return "throttled";
                        }
                    }));
                }
                go.countDown();
                for (Future<String> outcome : outcomes) {
                    if (outcome.get().equals("ok")) {
                        ok++;
                    } else {
                        throttled++;
                    }
                }
            }
        }
        assertThat(ok, greaterThan(0));
        assertThat(throttled, greaterThan(0));
    }

    /** SDK v2 with its default retry strategy retries a 500 ThrottlingException. */
    @Test
    void sdkRetriesThrottling() {
        List<String> attempts = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                attempts.add(context.httpResponse().statusCode() + " "
                        + context.httpResponse().firstMatchingHeader("x-amzn-ErrorType").orElse(""));
            }
        };
        boolean retried = false;
        try (SlotHog hog = new SlotHog(); RekognitionClient client = RekognitionClient.builder()
                .endpointOverride(SERVER.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create("AKIDFACEGATETEST", "facegate-test-secret")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {
            for (int call = 0; call < CALLS && !retried; call++) {
                attempts.clear();
                try {
                    client.detectFaces(r -> r.image(Image.builder()
                            .bytes(SdkBytes.fromByteArray(Fixtures.oneFaceJpeg())).build()));
                } catch (ThrottlingException e) {
                    assertThat(e.statusCode(), is(500));
                    assertThat(e.numAttempts(), is(attempts.size()));
                }
                retried = attempts.size() > 1 && attempts.getFirst().equals("500 ThrottlingException");
            }
        }
        assertThat("a throttled call was retried: " + attempts, retried, is(true));
    }

    @Test
    void boto3RetriesThrottlingInLegacyMode() throws IOException {
        assertBoto3Retries("legacy");
    }

    @Test
    void boto3RetriesThrottlingInStandardMode() throws IOException {
        assertBoto3Retries("standard");
    }

    /**
     * A plain HTTP client that writes its whole body before reading, throttled before its body was read, gets the
     * error whole, with {@code Connection: close}, instead of a broken pipe. (Throttled after its body was read, it
     * gets the error on a connection kept open.)
     */
    @Test
    void plainClientThrottledBeforeItsBodyIsReadGetsTheError() {
        byte[] image = Fixtures.paddedJpeg(Fixtures.oneFaceJpeg(), 5 * 1024 * 1024);
        String json = "{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(image) + "\"}}";
        boolean early = false;
        try (SlotHog hog = new SlotHog()) {
            for (int call = 0; call < CALLS && !early; call++) {
                RawHttp.Response response = RawHttp.exchange(SERVER.port(),
                        RawHttp.detectFacesHead("Content-Length: " + json.length() + "\r\n").getBytes(),
                        out -> out.write(json.getBytes(StandardCharsets.US_ASCII)));
                if (response.status() != 200) {
                    assertRawError(response, 500, "ThrottlingException");
                    early = response.header("Connection").orElse("").equals("close");
                    assertThat(response.toString(), response.closed(), is(early));
                }
            }
        }
        assertThat("a request was throttled before its body was read", early, is(true));
    }

    private static void assertBoto3Retries(String mode) throws IOException {
        assumeTrue(Subprocess.works("python3", "-c", "import boto3"), "python3 with boto3 is not installed");
        String script;
        try (InputStream in = ThrottlingIT.class.getResourceAsStream("detect_faces.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path face = Fixtures.write(SERVER.tempRoot().resolve("throttling-" + mode + "/face.jpg"), Fixtures.oneFaceJpeg());
        JsonNode result = null;
        try (SlotHog hog = new SlotHog()) {
            for (int call = 0; call < CALLS; call++) {
                Subprocess.Result run = Subprocess.run(List.of("python3", "-c", script, SERVER.endpoint().toString(),
                        "bytes", face.toString()), Map.of("FACEGATE_MAX_ATTEMPTS", "3", "FACEGATE_RETRY_MODE", mode), 120);
                assertThat(run.toString(), run.exitCode(), is(0));
                String[] lines = run.stdout().strip().split("\n");
                result = ApiErrors.parse(lines[lines.length - 1]);
                if (!result.path("ok").asBoolean()) {
                    assertThat(result.toString(), result.path("exceptionClass").asText(), is("ThrottlingException"));
                    assertThat(result.path("status").asInt(), is(500));
                    assertThat(result.path("message").asText(), is(SLOW_DOWN));
                }
                if (result.path("attempts").asInt() > 1) {
                    break;
                }
            }
        }
        assertThat("boto3 (" + mode + ") retried a throttled call: " + result, result.path("attempts").asInt(),
                greaterThan(1));
    }

    /**
     * Keeps the one detector slot busy: two threads post a 5000×5000 grey PNG (about 25 KB that decode to 25 M
     * pixels) back to back, so a request arriving meanwhile almost always finds the slot taken.
     */
    private static final class SlotHog implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(2);

        SlotHog() {
            String bomb;
            try {
                bomb = "{\"Image\":{\"Bytes\":\"" + Base64.getEncoder().encodeToString(HostileInputIT.greyPng(5000, 5000))
                        + "\"}}";
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            for (int i = 0; i < 2; i++) {
                threads.submit(() -> {
                    while (running.get()) {
                        SERVER.send(HttpRequest.newBuilder(SERVER.endpoint().resolve("/"))
                                .header("X-Amz-Target", FacegateServer.TARGET)
                                .header("Content-Type", FacegateServer.JSON_1_1)
                                .POST(HttpRequest.BodyPublishers.ofString(bomb)).build());
                    }
                    return null;
                });
            }
        }

        @Override
        public void close() {
            running.set(false);
            threads.close();
        }
    }
}
