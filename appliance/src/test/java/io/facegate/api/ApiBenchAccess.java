package io.facegate.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.facegate.attributes.FaceDetail;
import io.facegate.decode.ImageDecoder;
import io.facegate.detect.FaceDetector;

/**
 * Opens the package-private request path of the API to the JMH benchmarks in {@code io.facegate.bench}. Test
 * code only; every method calls straight through to the production class.
 */
public final class ApiBenchAccess {

    private final DetectFacesOperation operation;

    /** The DetectFaces operation as {@link RekognitionService} builds it, without S3 buckets. */
    public ApiBenchAccess(ImageDecoder decoder, FaceDetector detector) {
        this(decoder, detector, java.util.Optional.empty());
    }

    /** The same with the analyzer for non-DEFAULT attributes, when the attribute models are loaded. */
    public ApiBenchAccess(ImageDecoder decoder, FaceDetector detector,
                          java.util.Optional<io.facegate.attributes.FaceAnalyzer> analyzer) {
        this.operation = new DetectFacesOperation(new S3Buckets(Map.of()), decoder, detector, analyzer);
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
    public static byte[] writeResponse(List<FaceDetail> faces) {
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
