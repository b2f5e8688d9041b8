package io.facegate.api;

import java.util.List;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceDetail;
import io.facegate.decode.ImageDecoder;
import io.facegate.decode.ImageRejectedException;
import io.facegate.decode.RgbImage;
import io.facegate.detect.FaceDetector;
import io.facegate.observe.PipelineMetrics;
import io.facegate.observe.PipelineMetrics.Stage;

/** DetectFaces from a validated request to face details: fetch, decode, detect, describe. */
final class DetectFacesOperation {

    private final S3Buckets buckets;
    private final ImageDecoder decoder;
    private final FaceDetector detector;

    DetectFacesOperation(S3Buckets buckets, ImageDecoder decoder, FaceDetector detector) {
        this.buckets = buckets;
        this.decoder = decoder;
        this.detector = detector;
    }

    List<FaceDetail> detectFaces(DetectFacesRequest request) throws ApiException {
        byte[] bytes = switch (request.image()) {
            case DetectFacesRequest.Bytes b -> b.data();
            case DetectFacesRequest.S3Object s3 -> PipelineMetrics.time(Stage.FETCH, () -> buckets.read(s3));
        };
        RgbImage image = PipelineMetrics.time(Stage.DECODE, () -> decode(bytes));
        var faces = PipelineMetrics.time(Stage.DETECT, () -> detector.detect(image));
        return PipelineMetrics.time(Stage.ATTRIBUTES,
                () -> faces.stream().map(d -> DefaultAttributes.of(d, image)).toList());
    }

    private RgbImage decode(byte[] bytes) throws ApiException {
        try {
            return decoder.decode(bytes);
        } catch (ImageRejectedException e) {
            ErrorType type = switch (e.reason()) {
                case INVALID_FORMAT -> ErrorType.InvalidImageFormatException;
                case TOO_LARGE -> ErrorType.ImageTooLargeException;
                case TOO_SMALL -> ErrorType.InvalidParameterException;
            };
            throw new ApiException(type, e.getMessage());
        }
    }
}
