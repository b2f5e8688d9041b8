package io.facegate.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.detect.FaceDetector;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
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

    private final DetectFacesOperation detectFaces;
    private final int maxRequestBytes;

    public RekognitionService(FacegateConfig config, FaceDetector detector) {
        this(config, detector, java.util.Optional.empty());
    }

    /** With the analyzer for non-DEFAULT attributes, when the attribute models are loaded. */
    public RekognitionService(FacegateConfig config, FaceDetector detector,
                              java.util.Optional<io.facegate.attributes.FaceAnalyzer> analyzer) {
        this.detectFaces = new DetectFacesOperation(new S3Buckets(config.s3Buckets()),
                new ImageDecoder(config.images().minSide(), config.images().maxPixels()), detector, analyzer);
        this.maxRequestBytes = config.server().maxRequestBytes();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        String requestId = UUID.randomUUID().toString();
        res.header(REQUEST_ID, requestId);
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        try {
            String target = req.headers().first(TARGET).orElse("");
            if (!target.equals(DETECT_FACES)) {
                throw new ApiException(ErrorType.UnknownOperationException, target.isEmpty()
                        ? "Missing X-Amz-Target header." : "Unknown operation " + abbreviate(target) + ".");
            }
            DetectFacesRequest request = RequestParser.parse(body(req));
            res.send(ResponseJson.detectFaces(detectFaces.detectFaces(request)));
        } catch (ApiException e) {
            sendError(res, e.type(), e.getMessage(), requestId);
        } catch (RuntimeException | LinkageError | OutOfMemoryError | StackOverflowError e) {
            LOG.log(Level.SEVERE, "request " + requestId + " failed", e);
            sendError(res, ErrorType.InternalServerError, "Internal server error", requestId);
        }
    }

    private byte[] body(ServerRequest req) throws ApiException {
        if (req.headers().contentLength().orElse(0) > maxRequestBytes) {
            throw tooLarge();
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(ErrorType.InvalidParameterException, "The request body could not be read.");
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
