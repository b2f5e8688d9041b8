package io.facegate.pipeline;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import io.facegate.attributes.Member;
import io.facegate.detect.DetectionProfile;
import io.facegate.face.Face;

/**
 * What one caller wants from the pipeline: how to find faces, where ({@code region} as fractions of the image, or
 * the whole image), and which attributes beyond box, landmarks, pose and quality; {@code allLandmarks} asks for every
 * landmark instead of the basic five.
 */
public record FaceRequest(DetectionProfile detection, Optional<Face.Box> region, Set<Member> members,
                          boolean allLandmarks) {

    public FaceRequest {
        members = members.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(members));
    }

    /** Faces only (box, score, five landmarks, pose, quality) over the whole image. */
    public static FaceRequest facesOnly(DetectionProfile detection) {
        return new FaceRequest(detection, Optional.empty(), Set.of(), false);
    }

    /** Whether any model beyond the detectors must run. */
    public boolean wantsAttributes() {
        return !members.isEmpty() || allLandmarks;
    }
}
