package io.facegate.api;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.facegate.admission.Admission;
import io.facegate.admission.KeyRateLimiter;
import io.facegate.auth.AccessKey;
import io.facegate.auth.AuthException;
import io.facegate.auth.SigV4Verifier;
import io.facegate.config.FacegateConfig;
import io.facegate.detect.DetectionProfile;
import io.facegate.face.Face;
import io.facegate.observe.PipelineMetrics;
import io.facegate.observe.PipelineMetrics.Stage;
import io.facegate.pipeline.FacePipeline;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The AWS JSON 1.1 endpoint: {@code POST /} with {@code X-Amz-Target: RekognitionService.<Operation>}. Every
 * answer carries {@code x-amzn-RequestId}; errors are {@code {"__type", "Code", "Message", "Logref"}} with the same
 * code in {@code x-amzn-ErrorType}. Nothing a client sends can take the service down: every failure becomes a
 * typed error, and an unexpected one an {@code InternalServerError} that reveals nothing internal.
 *
 * <p>A request refused before its body was read (saturated, unknown operation, failed authentication, body over
 * {@code server.max-payload-size}) is still answered to a client that writes its whole body before reading: what is
 * left of the body is read and discarded first, within {@code server.body-timeout} and at most
 * {@link #drainLimit} bytes, then the error goes out with {@code Connection: close} and the connection is closed.
 * Closing at once made such a client's write fail (a broken pipe) before it could read the answer.
 */
public final class RekognitionService implements HttpService {

    private static final Logger LOG = Logger.getLogger(RekognitionService.class.getName());
    private static final HeaderName TARGET = HeaderNames.create("X-Amz-Target");
    private static final String DETECT_FACES = "RekognitionService.DetectFaces";

    private static final String DETECT_FACES_ACTION = "rekognition:DetectFaces";
    private static final String ANONYMOUS = "";
    /** How many times {@code server.max-payload-size} a refused body may be read to answer it (see the class). */
    private static final int DRAIN_FACTOR = 4;

    private final DetectFacesOperation detectFaces;
    private final int maxRequestBytes;
    private final Duration bodyTimeout;
    private final Optional<SigV4Verifier> verifier;
    private final Optional<KeyRateLimiter> keyRate;
    private final Admission admission;
    private final ExecutorService detectors;
    private final PipelineMetrics metrics;

    /**
     * With an admission shared with the other users of the pipeline (the cameras), and the SigV4 verifier when
     * authentication is on.
     */
    public RekognitionService(FacegateConfig config, FacePipeline pipeline, Admission admission,
                              Optional<SigV4Verifier> verifier, PipelineMetrics metrics) {
        this.metrics = metrics;
        this.detectFaces = new DetectFacesOperation(new S3Buckets(config.s3Buckets()), pipeline,
                DetectionProfile.of(config.detector()), metrics);
        this.maxRequestBytes = (int) config.server().maxPayloadSize();
        this.bodyTimeout = config.server().bodyTimeout();
        this.verifier = verifier;
        this.keyRate = config.admission().keyRate() > 0
                ? Optional.of(new KeyRateLimiter(config.admission().keyRate(), config.admission().keyBurst(),
                        System::nanoTime))
                : Optional.empty();
        this.admission = admission;
        // One platform thread per slot: the admission guarantees a free thread to every permit holder.
        AtomicInteger n = new AtomicInteger();
        this.detectors = Executors.newFixedThreadPool(admission.maxConcurrent(), r -> {
            Thread t = new Thread(r, "facegate-detect-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::handle);
    }

    /**
     * The largest body Helidon lets through to be read (or discarded): {@value #DRAIN_FACTOR} ×
     * {@code server.max-payload-size}, 64 MiB by default. Bodies up to {@code max-payload-size} are requests; beyond
     * it, up to this limit, they are read only to be discarded before {@code ImageTooLargeException}; beyond this
     * limit Helidon answers at once without reading ({@link ProtocolErrors}).
     */
    public static long drainLimit(FacegateConfig.Server server) {
        return DRAIN_FACTOR * server.maxPayloadSize();
    }

    private void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        RequestBody body = new RequestBody(req, maxRequestBytes, bodyTimeout);
        String requestId = UUID.randomUUID().toString();
        res.header(ErrorResponses.REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, ErrorResponses.CONTENT_TYPE);
        String operation = "unknown";
        String outcome = "ok";
        int faces = 0;
        boolean close = false;
        try {
            String target = req.headers().first(TARGET).orElse("");
            if (!target.equals(DETECT_FACES)) {
                throw new ApiException(ErrorType.UnknownOperationException, target.isEmpty()
                        ? "Missing X-Amz-Target header." : "Unknown operation " + abbreviate(target) + ".");
            }
            operation = "DetectFaces";
            Optional<SigV4Verifier.Pending> pending = authenticate(req);
            if (admission.saturated()) {
                throw throttled();
            }
            byte[] bytes = body.read();
            String keyId = ANONYMOUS;
            if (pending.isPresent()) {
                AccessKey key = pending.get().verify(bytes);
                SigV4Verifier.authorize(key, DETECT_FACES_ACTION);
                keyId = key.id();
            }
            if (keyRate.isPresent() && !keyRate.get().tryTake(keyId)) {
                metrics.throttled();
                throw new ApiException(ErrorType.ProvisionedThroughputExceededException, "Provisioned Rate exceeded.");
            }
            DetectFacesRequest request = metrics.time(Stage.PARSE, () -> RequestParser.parse(bytes));
            List<Face> details;
            try (Admission.Permit slot = admission.acquire()) {
                details = detect(request);
            } catch (Admission.Busy e) {
                throw throttled();
            }
            faces = details.size();
            res.send(ResponseJson.detectFaces(details));
        } catch (AuthException e) {
            outcome = e.failure().name();
            close = reject(body, res, ErrorType.valueOf(e.failure().name()), e.getMessage(), requestId);
        } catch (ApiException e) {
            outcome = e.type().name();
            close = reject(body, res, e.type(), e.getMessage(), requestId);
        } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
            outcome = ErrorType.InternalServerError.name();
            LOG.log(Level.SEVERE, "request " + requestId + " failed", e);
            close = reject(body, res, ErrorType.InternalServerError, "Internal server error", requestId);
        }
        metrics.request(operation, outcome);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(String.format(java.util.Locale.ROOT, "request id=%s op=%s outcome=%s faces=%d ms=%.1f%s",
                    requestId, operation, outcome, faces, (System.nanoTime() - start) / 1e6, close ? " closed" : ""));
        }
        if (close) {
            // Helidon 4.5 would otherwise read the next request from this connection despite Connection: close.
            throw new CloseConnectionException("answered before the whole request body was read");
        }
    }

    /**
     * Sends the error. When the body was not read to its end (refused early, or too large), first reads and
     * discards the rest, then answers with {@code Connection: close}; returns whether the connection must close. A
     * client that went away or was cut off by the deadline meanwhile gets no answer.
     */
    private static boolean reject(RequestBody body, ServerResponse res, ErrorType type, String message,
                                  String requestId) {
        if (body.fullyRead()) {
            ErrorResponses.send(res, type, message, requestId);
            return false;
        }
        if (!body.discardRest()) {
            return true;
        }
        res.header(HeaderValues.CONNECTION_CLOSE);
        ErrorResponses.send(res, type, message, requestId);
        return true;
    }

    /**
     * Runs the decode and inference on a platform thread. Request handlers are virtual threads, and a native
     * inference call pins its carrier: run there, the detector would hold every carrier and stall all other requests
     * (even the ones to be refused at once) until it finished.
     */
    private List<Face> detect(DetectFacesRequest request) throws ApiException {
        Future<List<Face>> result = detectors.submit(() -> detectFaces.detectFaces(request));
        try {
            return result.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case ApiException api -> throw api;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while detecting", e);
        }
    }

    private ApiException throttled() {
        metrics.throttled();
        return new ApiException(ErrorType.ThrottlingException, "Slow down; sudden increase in rate of requests.");
    }

    private Optional<SigV4Verifier.Pending> authenticate(ServerRequest req) throws AuthException {
        if (verifier.isEmpty()) {
            return Optional.empty();
        }
        SigV4Verifier.Headers headers = name -> req.headers().find(HeaderNames.create(name))
                .map(Header::allValues).orElse(List.of());
        return Optional.of(verifier.get().authenticate(req.prologue().method().text(), req.path().rawPath(),
                req.query().rawValue(), headers));
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }
}
