package io.facegate.api;

import java.io.IOException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses and validates a DetectFaces body as Rekognition does. Clients validate almost nothing (botocore sends
 * empty Bytes, unknown attributes and both sources at once), so every rule of the service model is checked here.
 */
final class RequestParser {

    /** {@code ImageBlob} max: 5 MiB of decoded bytes. */
    static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;

    // A 5 MiB image is ~7 MB of base64 in one string; nesting beyond a few levels is never a real request.
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(16 * 1024 * 1024).maxNestingDepth(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RequestParser() {
    }

    static DetectFacesRequest parse(byte[] body) throws ApiException {
        JsonNode root = body.length == 0 ? JSON.createObjectNode() : readTree(body);
        if (!root.isObject()) {
            throw invalid("The request body must be a JSON object.");
        }
        return new DetectFacesRequest(image(root.get("Image")), attributes(root.get("Attributes")));
    }

    private static JsonNode readTree(byte[] body) throws ApiException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw invalid("The request body is not valid JSON.");
        }
    }

    private static DetectFacesRequest.ImageSource image(JsonNode image) throws ApiException {
        if (image == null || image.isNull()) {
            throw invalid("Image is a required field.");
        }
        if (!image.isObject()) {
            throw invalid("Image must be an object with Bytes or S3Object.");
        }
        JsonNode bytes = image.get("Bytes");
        JsonNode s3 = image.get("S3Object");
        boolean hasBytes = bytes != null && !bytes.isNull();
        boolean hasS3 = s3 != null && !s3.isNull();
        if (hasBytes == hasS3) {
            throw invalid(hasBytes ? "Image must specify either Bytes or S3Object, not both."
                    : "Image must specify Bytes or S3Object.");
        }
        return hasBytes ? bytes(bytes) : s3Object(s3);
    }

    private static DetectFacesRequest.Bytes bytes(JsonNode node) throws ApiException {
        if (!node.isTextual()) {
            throw invalid("Image.Bytes must be a base64 string.");
        }
        String text = node.textValue();
        if (text.isEmpty()) {
            throw invalid("Image.Bytes must have length greater than or equal to 1.");
        }
        // Checked before decoding: base64 needs 4 characters for every 3 bytes.
        if ((long) text.length() / 4 * 3 > MAX_IMAGE_BYTES + 2) {
            throw new ApiException(ErrorType.ImageTooLargeException, "Image size is too large.");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid("Image.Bytes is not valid base64.");
        }
        if (data.length > MAX_IMAGE_BYTES) {
            throw new ApiException(ErrorType.ImageTooLargeException, "Image size is too large.");
        }
        if (data.length == 0) {
            throw invalid("Image.Bytes must have length greater than or equal to 1.");
        }
        return new DetectFacesRequest.Bytes(data);
    }

    private static DetectFacesRequest.S3Object s3Object(JsonNode node) throws ApiException {
        if (!node.isObject()) {
            throw invalid("Image.S3Object must be an object with Bucket and Name.");
        }
        String bucket = text(node, "Bucket", 3, 255);
        if (!bucket.matches("[0-9A-Za-z.\\-_]*")) {
            throw invalid("Image.S3Object.Bucket must match [0-9A-Za-z.-_]*.");
        }
        String name = text(node, "Name", 1, 1024);
        String version = node.hasNonNull("Version") ? text(node, "Version", 1, 1024) : null;
        return new DetectFacesRequest.S3Object(bucket, name, version);
    }

    private static String text(JsonNode parent, String field, int min, int max) throws ApiException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            throw invalid("Image.S3Object." + field + " is a required field.");
        }
        if (!node.isTextual() || node.textValue().length() < min || node.textValue().length() > max) {
            throw invalid("Image.S3Object." + field + " must be a string of " + min + " to " + max + " characters.");
        }
        return node.textValue();
    }

    private static Set<Attribute> attributes(JsonNode node) throws ApiException {
        Set<Attribute> attributes = EnumSet.noneOf(Attribute.class);
        if (node == null || node.isNull()) {
            return attributes;
        }
        if (!node.isArray()) {
            throw invalid("Attributes must be a list of attribute names.");
        }
        for (JsonNode value : node) {
            String name = value.isTextual() ? value.textValue() : value.toString();
            attributes.add(Attribute.parse(name).orElseThrow(() -> invalid("Value '" + abbreviate(name)
                    + "' in Attributes is not one of " + java.util.Arrays.toString(Attribute.values()) + ".")));
        }
        return attributes;
    }

    private static String abbreviate(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorType.InvalidParameterException, message);
    }
}
