package io.facegate.it;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.facegate.it.ApiErrors.assertRawError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * AWS JSON 1.1 at the byte level, for what no SDK would send: broken bodies, wrong targets, odd but valid
 * formatting. Errors carry {@code __type} and the same code in {@code x-amzn-ErrorType}; the service keeps serving.
 */
class RawProtocolIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    private static final String FACE_BASE64 = Base64.getEncoder().encodeToString(Fixtures.oneFaceJpeg());

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    /**
     * Malformed JSON is InvalidParameterException, as the DetectFaces issue specifies (a typed error every SDK maps);
     * AWS's Coral front end would say SerializationException, which the SDKs do not model for Rekognition.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\"Image\":", "{\"Image\":{\"Bytes\":\"abc\"}", "not json", "{\"Image\":{}}}",
            "{\"Image\":{\"Bytes\":'x'}}"})
    void malformedJsonIsInvalidParameter(String body) {
        assertRawError(SERVER.post(body), 400, "InvalidParameterException");
    }

    @Test
    void badBase64() {
        JsonNode error = assertRawError(SERVER.post("{\"Image\":{\"Bytes\":\"not*base64!\"}}"), 400,
                "InvalidParameterException");
        assertThat(error.path("Message").asText(), containsString("base64"));
    }

    @Test
    void base64WithATruncatedQuantum() {
        // Valid characters, impossible length (4n+1).
        assertRawError(SERVER.post("{\"Image\":{\"Bytes\":\"" + FACE_BASE64 + "A\"}}"), 400, "InvalidParameterException");
    }

    @Test
    void bytesThatAreNotAString() {
        assertRawError(SERVER.post("{\"Image\":{\"Bytes\":12345}}"), 400, "InvalidParameterException");
    }

    @Test
    void bodyThatIsNotAnObject() {
        assertRawError(SERVER.post("[{\"Image\":{\"Bytes\":\"" + FACE_BASE64 + "\"}}]"), 400, "InvalidParameterException");
    }

    @Test
    void attributesThatAreNotAList() {
        assertRawError(SERVER.post("{\"Image\":{\"Bytes\":\"" + FACE_BASE64 + "\"},\"Attributes\":\"ALL\"}"), 400,
                "InvalidParameterException");
    }

    @Test
    void emptyBodyIsAnEmptyInput() {
        // Servers must accept an empty body as {}: then Image is missing, a parameter error, not a parse error.
        assertRawError(SERVER.post(new byte[0], FacegateServer.TARGET, FacegateServer.JSON_1_1), 400,
                "InvalidParameterException");
    }

    @Test
    void unknownTarget() {
        HttpResponse<String> response = SERVER.post("{}".getBytes(StandardCharsets.UTF_8),
                "RekognitionService.DetectLabels", FacegateServer.JSON_1_1);
        assertRawError(response, 400, "UnknownOperationException");
    }

    @Test
    void targetOfAnotherService() {
        HttpResponse<String> response = SERVER.post(body(FACE_BASE64), "DynamoDB_20120810.DetectFaces",
                FacegateServer.JSON_1_1);
        assertRawError(response, 400, "UnknownOperationException");
    }

    @Test
    void missingTarget() {
        assertRawError(SERVER.post(body(FACE_BASE64), null, FacegateServer.JSON_1_1), 400, "UnknownOperationException");
    }

    @Test
    void plainJsonContentTypeWithCharsetIsAccepted() {
        HttpResponse<String> response = SERVER.post(body(FACE_BASE64), FacegateServer.TARGET,
                "application/json; charset=utf-8");
        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(ApiErrors.parse(response.body()).path("FaceDetails").size(), is(1));
    }

    @Test
    void memberOrderAndWhitespaceDoNotMatter() {
        // The AWS CLI puts Attributes first; botocore adds spaces after ':' and ','.
        String body = "{ \"Attributes\" : [ \"DEFAULT\" , \"FACE_OCCLUDED\" ] ,\n  \"Image\" : { \"Bytes\" : \""
                + FACE_BASE64 + "\" } }";
        HttpResponse<String> response = SERVER.post(body);
        assertThat(response.body(), response.statusCode(), is(200));
        assertThat(ApiErrors.parse(response.body()).path("FaceDetails").size(), is(1));
    }

    @Test
    void defaultResponseHasTheDefaultMembersOnly() {
        HttpResponse<String> response = SERVER.post(new String(body(FACE_BASE64), StandardCharsets.UTF_8));
        assertThat(response.statusCode(), is(200));
        JsonNode root = ApiErrors.parse(response.body());
        assertThat("top-level members (no OrientationCorrection)", fieldNames(root), equalTo(Set.of("FaceDetails")));
        JsonNode face = root.path("FaceDetails").get(0);
        assertThat(fieldNames(face), equalTo(Set.of("BoundingBox", "Confidence", "Landmarks", "Pose", "Quality")));
        assertThat(fieldNames(face.path("BoundingBox")), equalTo(Set.of("Width", "Height", "Left", "Top")));
        assertThat(fieldNames(face.path("Pose")), equalTo(Set.of("Roll", "Yaw", "Pitch")));
        assertThat(fieldNames(face.path("Quality")), equalTo(Set.of("Brightness", "Sharpness")));
        for (JsonNode landmark : face.path("Landmarks")) {
            assertThat(fieldNames(landmark), equalTo(Set.of("Type", "X", "Y")));
            assertThat("numbers, never strings like NaN", landmark.path("X").isNumber() && landmark.path("Y").isNumber(),
                    is(true));
        }
        assertThat(face.path("Confidence").isNumber(), is(true));
    }

    @Test
    void getIsNotAnOperation() {
        HttpResponse<String> response = SERVER.send(java.net.http.HttpRequest.newBuilder(SERVER.endpoint().resolve("/"))
                .header("X-Amz-Target", FacegateServer.TARGET).GET().build());
        assertThat(response.statusCode() >= 400 && response.statusCode() < 500, is(true));
    }

    private static byte[] body(String base64) {
        return ("{\"Image\":{\"Bytes\":\"" + base64 + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
