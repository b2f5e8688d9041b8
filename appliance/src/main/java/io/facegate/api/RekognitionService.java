package io.facegate.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
import io.helidon.http.DirectHandler;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The AWS JSON 1.1 endpoint: {@code POST /} with {@code X-Amz-Target: RekognitionService.<Operation>}. Every
 * answer carries {@code x-amzn-RequestId}; errors are {@code {"__type", "Code", "Message", "Logref"}} with the same
 * code in {@code x-amzn-ErrorType}. Nothing a client sends can take the service down: every failure becomes a
 * typed error, and an unexpected one an {@code InternalServerError} that reveals nothing internal.
 */
public final class RekognitionService implements HttpService {

    private static final Logger LOG = Logger.getLogger(RekognitionService.class.getName());
    private static final HeaderName TARGET = HeaderNames.create("X-Amz-Target");
    private static final HeaderName REQUEST_ID = HeaderNames.create("x-amzn-RequestId");
    private static final HeaderName ERROR_TYPE = HeaderNames.create("x-amzn-ErrorType");
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String DETECT_FACES = "RekognitionService.DetectFaces";

    private static final String DETECT_FACES_ACTION = "rekognition:DetectFaces";
    private static final String ANONYMOUS = "";

    /**
     * Requests Helidon refuses before routing. A body over {@code server.max-payload-size} (a 413 bad request) is
     * answered as the API would, with {@code ImageTooLargeException}; the rest as Helidon does.
     */
    public static final DirectHandler PROTOCOL_ERRORS = (request, event, status, headers, message) -> {
        if (status.code() != Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return DirectHandler.defaultHandler().handle(request, event, status, headers, message);
        }
        String requestId = UUID.randomUUID().toString();
        return DirectHandler.TransportResponse.builder()
                .status(Status.create(ErrorType.ImageTooLargeException.status()))
                .header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .header(REQUEST_ID, requestId)
                .header(ERROR_TYPE, ErrorType.ImageTooLargeException.name())
                .keepAlive(false)
                .entity(ResponseJson.error(ErrorType.ImageTooLargeException, "Image size is too large.", requestId))
                .build();
    };

    private final DetectFacesOperation detectFaces;
    /** One daemon thread that cuts off clients too slow to send their body. */
    private static final ScheduledExecutorService BODY_DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "facegate-body-deadline");
        t.setDaemon(true);
        return t;
    });

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

    private void handle(ServerRequest req, ServerResponse res) {
        long start = System.nanoTime();
        String requestId = UUID.randomUUID().toString();
        res.header(REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        String operation = "unknown";
        String outcome = "ok";
        int faces = 0;
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
            byte[] body = body(req);
            String keyId = ANONYMOUS;
            if (pending.isPresent()) {
                AccessKey key = pending.get().verify(body);
                SigV4Verifier.authorize(key, DETECT_FACES_ACTION);
                keyId = key.id();
            }
            if (keyRate.isPresent() && !keyRate.get().tryTake(keyId)) {
                metrics.throttled();
                throw new ApiException(ErrorType.ProvisionedThroughputExceededException, "Provisioned Rate exceeded.");
            }
            DetectFacesRequest request = metrics.time(Stage.PARSE, () -> RequestParser.parse(body));
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
            sendError(res, ErrorType.valueOf(e.failure().name()), e.getMessage(), requestId);
        } catch (ApiException e) {
            outcome = e.type().name();
            sendError(res, e.type(), e.getMessage(), requestId);
        } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
            outcome = ErrorType.InternalServerError.name();
            LOG.log(Level.SEVERE, "request " + requestId + " failed", e);
            sendError(res, ErrorType.InternalServerError, "Internal server error", requestId);
        }
        metrics.request(operation, outcome);
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine(String.format(java.util.Locale.ROOT, "request id=%s op=%s outcome=%s faces=%d ms=%.1f",
                    requestId, operation, outcome, faces, (System.nanoTime() - start) / 1e6));
        }
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

    /**
     * Reads the body, at most {@code maxRequestBytes}, within {@code bodyTimeout}. A client still sending after that
     * is cut off: interrupting the connection's (virtual) thread while it reads the socket closes the socket.
     */
    private byte[] body(ServerRequest req) throws ApiException {
        if (req.headers().contentLength().orElse(0) > maxRequestBytes) {
            throw tooLarge();
        }
        ScheduledFuture<?> deadline = BODY_DEADLINES.schedule(Thread.currentThread()::interrupt,
                bodyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                throw tooLarge();
            }
            return body;
        } catch (RequestException e) {
            // Helidon's own max-payload-size check on a body without Content-Length (chunked).
            if (e.status().code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
                throw tooLarge();
            }
            throw new ApiException(ErrorType.InvalidParameterException, "The request body could not be read.");
        } catch (IOException | UncheckedIOException e) {
            throw new ApiException(ErrorType.InvalidParameterException, "The request body could not be read.");
        } finally {
            if (!deadline.cancel(false)) {
                Thread.interrupted();
            }
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(ErrorType.ImageTooLargeException, "Image size is too large.");
    }

    private static void sendError(ServerResponse res, ErrorType type, String message, String requestId) {
        res.status(Status.create(type.status()));
        res.header(ERROR_TYPE, type.name());
        res.send(ResponseJson.error(type, message, requestId));
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }
}
