package io.facegate.api;

import java.util.Set;

/** A validated DetectFaces request: exactly one image source and the requested attributes. */
record DetectFacesRequest(ImageSource image, Set<Attribute> attributes) {

    /** Where the image comes from. */
    sealed interface ImageSource permits Bytes, S3Object {
    }

    /** Base64-decoded {@code Image.Bytes}. */
    record Bytes(byte[] data) implements ImageSource {
    }

    /** {@code Image.S3Object}; {@code version} null when absent (a present one is refused: folders have no versions). */
    record S3Object(String bucket, String name, String version) implements ImageSource {
    }
}
