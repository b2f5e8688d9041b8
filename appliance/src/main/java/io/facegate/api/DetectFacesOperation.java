package io.facegate.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.FaceDetail;
import io.facegate.attributes.Member;
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
    private final Optional<FaceAnalyzer> analyzer;

    DetectFacesOperation(S3Buckets buckets, ImageDecoder decoder, FaceDetector detector) {
        this(buckets, decoder, detector, Optional.empty());
    }

    DetectFacesOperation(S3Buckets buckets, ImageDecoder decoder, FaceDetector detector,
                         Optional<FaceAnalyzer> analyzer) {
        this.buckets = buckets;
        this.decoder = decoder;
        this.detector = detector;
        this.analyzer = analyzer;
    }

    /** The non-DEFAULT members a request asks for: every one for ALL, else one per per-attribute value. */
    static Set<Member> members(Set<Attribute> attributes) {
        if (attributes.contains(Attribute.ALL)) {
            return EnumSet.allOf(Member.class);
        }
        Set<Member> members = EnumSet.noneOf(Member.class);
        for (Attribute a : attributes) {
            if (a != Attribute.DEFAULT) {
                members.add(Member.valueOf(a.name()));
            }
        }
        return members;
    }

    List<FaceDetail> detectFaces(DetectFacesRequest request) throws ApiException {
        byte[] bytes = switch (request.image()) {
            case DetectFacesRequest.Bytes b -> b.data();
            case DetectFacesRequest.S3Object s3 -> PipelineMetrics.time(Stage.FETCH, () -> buckets.read(s3));
        };
        Set<Member> members = members(request.attributes());
        boolean all = request.attributes().contains(Attribute.ALL);
        Optional<FaceAnalyzer> describer = members.isEmpty() ? Optional.empty()
                : Optional.of(analyzer.orElseThrow(() -> new ApiException(ErrorType.InvalidParameterException,
                        "Attributes other than DEFAULT are turned off on this appliance (models.attributes: false).")));
        RgbImage image = PipelineMetrics.time(Stage.DECODE, () -> decode(bytes));
        var detections = PipelineMetrics.time(Stage.DETECT, () -> detector.detect(image));
        return PipelineMetrics.time(Stage.ATTRIBUTES, () -> detections.stream().map(d -> {
            FaceDetail base = DefaultAttributes.of(d, image);
            return describer.map(f -> f.describe(base, d, image, members, all)).orElse(base);
        }).toList());
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
