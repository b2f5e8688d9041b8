package io.facegate.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestParserTest {

    private static final String PNG_B64 = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});

    @Test
    void parsesBytesAndAttributesInAnyOrderAndSpacing() throws ApiException {
        DetectFacesRequest request = parse("{ \"Attributes\" : [\"DEFAULT\", \"FACE_OCCLUDED\"],\n \"Image\": {\"Bytes\": \""
                + PNG_B64 + "\"} }");
        assertThat(request.image(), instanceOf(DetectFacesRequest.Bytes.class));
        assertThat(((DetectFacesRequest.Bytes) request.image()).data().length, is(4));
        assertThat(request.attributes(), is(EnumSet.of(Attribute.DEFAULT, Attribute.FACE_OCCLUDED)));
    }

    @Test
    void acceptsAllFourteenAttributeValues() throws ApiException {
        StringBuilder all = new StringBuilder();
        for (Attribute a : Attribute.values()) {
            all.append(all.isEmpty() ? "" : ",").append('"').append(a.name()).append('"');
        }
        DetectFacesRequest request = parse("{\"Image\":{\"Bytes\":\"" + PNG_B64 + "\"},\"Attributes\":[" + all + "]}");
        assertThat(request.attributes().size(), is(14));
    }

    @Test
    void parsesS3Object() throws ApiException {
        DetectFacesRequest request = parse("{\"Image\":{\"S3Object\":{\"Bucket\":\"photos\",\"Name\":\"a/b.jpg\",\"Version\":\"3\"}}}");
        assertThat(request.image(), is(new DetectFacesRequest.S3Object("photos", "a/b.jpg", "3")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "{}", "[]", "null", "{\"Image\":null}", "{\"Image\":\"abc\"}", "{\"Image\":{}}",
            "{\"Image\":{\"Bytes\":\"\"}}", "{\"Image\":{\"Bytes\":42}}", "{\"Image\":{\"Bytes\":\"***\"}}",
            "{\"Image\":{\"Bytes\":\"QUJD\",\"S3Object\":{\"Bucket\":\"abc\",\"Name\":\"x\"}}}",
            "{\"Image\":{\"S3Object\":{\"Bucket\":\"ab\",\"Name\":\"x\"}}}",
            "{\"Image\":{\"S3Object\":{\"Bucket\":\"a/b/c\",\"Name\":\"x\"}}}",
            "{\"Image\":{\"S3Object\":{\"Bucket\":\"abc\"}}}",
            "{\"Image\":{\"Bytes\":\"QUJD\"},\"Attributes\":[\"SMILES\"]}",
            "{\"Image\":{\"Bytes\":\"QUJD\"},\"Attributes\":[\"default\"]}",
            "{\"Image\":{\"Bytes\":\"QUJD\"},\"Attributes\":\"ALL\"}",
            "{\"Image\":{\"Bytes\":\"QUJD\"}", "{\"Image\":{\"Bytes\":\"QUJD\"}} trailing",
            "{\"Image\":{\"Bytes\":\"QUJD\"},\"Image\":{\"Bytes\":\"QUJD\"}}"})
    void rejectsWithInvalidParameter(String body) {
        ApiException e = assertThrows(ApiException.class, () -> parse(body));
        assertThat(body, e.type(), is(ErrorType.InvalidParameterException));
    }

    @Test
    void emptyBodyMeansNoImage() {
        ApiException e = assertThrows(ApiException.class, () -> parse(""));
        assertThat(e.getMessage(), containsString("Image is a required field"));
    }

    @Test
    void rejectsDeepNesting() {
        String deep = "{\"Image\":{\"Bytes\":\"QUJD\"},\"Attributes\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        ApiException e = assertThrows(ApiException.class, () -> parse(deep));
        assertThat(e.type(), is(ErrorType.InvalidParameterException));
    }

    @Test
    void moreThanFiveMebibytesIsTooLarge() {
        String big = Base64.getEncoder().encodeToString(new byte[RequestParser.MAX_IMAGE_BYTES + 1]);
        ApiException e = assertThrows(ApiException.class, () -> parse("{\"Image\":{\"Bytes\":\"" + big + "\"}}"));
        assertThat(e.type(), is(ErrorType.ImageTooLargeException));
    }

    @Test
    void exactlyFiveMebibytesIsAccepted() throws ApiException {
        String max = Base64.getEncoder().encodeToString(new byte[RequestParser.MAX_IMAGE_BYTES]);
        DetectFacesRequest request = parse("{\"Image\":{\"Bytes\":\"" + max + "\"}}");
        assertThat(((DetectFacesRequest.Bytes) request.image()).data().length, is(RequestParser.MAX_IMAGE_BYTES));
    }

    private static DetectFacesRequest parse(String body) throws ApiException {
        return RequestParser.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
