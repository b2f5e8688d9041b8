package io.facegate.api;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.facegate.attributes.Member;
import io.facegate.decode.ImageRejectedException;
import io.facegate.decode.RgbImage;
import io.facegate.detect.DetectionProfile;
import io.facegate.face.Face;
import io.facegate.observe.PipelineMetrics;
import io.facegate.observe.PipelineMetrics.Stage;
import io.facegate.pipeline.FacePipeline;
import io.facegate.pipeline.FaceRequest;
import io.facegate.pipeline.FaceResult;

/** DetectFaces from a validated request to faces: fetch, then the pipeline (decode, detect, describe). */
final class DetectFacesOperation {

    private final S3Buckets buckets;
    private final FacePipeline pipeline;
    private final DetectionProfile profile;
    private final PipelineMetrics metrics;

    DetectFacesOperation(S3Buckets buckets, FacePipeline pipeline, DetectionProfile profile, PipelineMetrics metrics) {
        this.buckets = buckets;
        this.pipeline = pipeline;
        this.profile = profile;
        this.metrics = metrics;
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

    List<Face> detectFaces(DetectFacesRequest request) throws ApiException {
        byte[] bytes = switch (request.image()) {
            case DetectFacesRequest.Bytes b -> b.data();
            case DetectFacesRequest.S3Object s3 -> metrics.time(Stage.FETCH, () -> buckets.read(s3));
        };
        FaceRequest faces = new FaceRequest(profile, Optional.empty(), members(request.attributes()),
                request.attributes().contains(Attribute.ALL));
        if (faces.wantsAttributes() && !pipeline.describesAttributes()) {
            throw new ApiException(ErrorType.InvalidParameterException,
                    "Attributes other than DEFAULT are turned off on this appliance (models.attributes: false).");
        }
        RgbImage image = metrics.time(Stage.DECODE, () -> decode(bytes));
        FaceResult result = pipeline.run(image, faces);
        metrics.record(Stage.DETECT, result.detectNanos());
        metrics.record(Stage.ATTRIBUTES, result.attributesNanos());
        return result.faces();
    }

    private RgbImage decode(byte[] bytes) throws ApiException {
        try {
            return pipeline.decode(bytes);
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
