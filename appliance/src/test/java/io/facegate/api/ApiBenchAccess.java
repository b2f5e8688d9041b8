package io.facegate.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.facegate.decode.ImageDecoder;
import io.facegate.detect.DetectionProfile;
import io.facegate.detect.FaceDetector;
import io.facegate.face.Face;
import io.facegate.observe.PipelineMetrics;
import io.facegate.pipeline.FacePipeline;

/**
 * Opens the package-private request path of the API to the JMH benchmarks in {@code io.facegate.bench}. Test
 * code only; every method calls straight through to the production class.
 */
public final class ApiBenchAccess {

    private final DetectFacesOperation operation;

    /** The DetectFaces operation as {@link RekognitionService} builds it, without S3 buckets. */
    public ApiBenchAccess(ImageDecoder decoder, FaceDetector detector, DetectionProfile profile) {
        this(decoder, detector, profile, java.util.Optional.empty());
    }

    /** The same with the analyzer for non-DEFAULT attributes, when the attribute models are loaded. */
    public ApiBenchAccess(ImageDecoder decoder, FaceDetector detector, DetectionProfile profile,
                          java.util.Optional<io.facegate.attributes.FaceAnalyzer> analyzer) {
        this.operation = new DetectFacesOperation(new S3Buckets(Map.of()), new FacePipeline(decoder, detector, analyzer),
                profile, PipelineMetrics.global());
    }

    /** {@link RequestParser#parse}: JSON, validation and base64 decode; returns the image bytes. */
    public static byte[] parseRequest(byte[] body) {
        DetectFacesRequest request = parse(body);
        if (!(request.image() instanceof DetectFacesRequest.Bytes bytes)) {
            throw new IllegalStateException("the benchmark request carries Image.Bytes");
        }
        return bytes.data();
    }

    /** The JSON stage of {@link RequestParser#parse} alone, with its mapper and limits. */
    public static JsonNode readTree(byte[] body) throws IOException {
        return RequestParser.JSON.readTree(body);
    }

    /** {@link ResponseJson#detectFaces}. */
    public static byte[] writeResponse(List<Face> faces) {
        return ResponseJson.detectFaces(faces);
    }

    /**
     * What {@code RekognitionService.handle} does with a DetectFaces body, without HTTP: parse, fetch/decode,
     * detect, describe, write the response.
     */
    public byte[] detectFaces(byte[] body) {
        try {
            return ResponseJson.detectFaces(operation.detectFaces(RequestParser.parse(body)));
        } catch (ApiException e) {
            throw new IllegalStateException(e.type() + ": " + e.getMessage(), e);
        }
    }

    private static DetectFacesRequest parse(byte[] body) {
        try {
            return RequestParser.parse(body);
        } catch (ApiException e) {
            throw new IllegalStateException(e.type() + ": " + e.getMessage(), e);
        }
    }
}
