package io.facegate.pipeline;

import java.util.List;

import io.facegate.face.Face;

/**
 * The faces of one image, largest first, with the upright image's size in pixels and how long detection and the
 * attributes took.
 */
public record FaceResult(int width, int height, List<Face> faces, long detectNanos, long attributesNanos) {

    public FaceResult {
        faces = List.copyOf(faces);
    }
}
