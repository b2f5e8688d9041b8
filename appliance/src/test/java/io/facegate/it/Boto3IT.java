package io.facegate.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static io.facegate.it.Patterns.matchesPattern;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * boto3/botocore, run as {@code python3 -c} with the script {@code detect_faces.py} from the test resources:
 * results and modelled errors parse exactly as against AWS. Skipped when python3 with boto3 is not installed.
 */
class Boto3IT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    private static String script;
    private static Path faceFile;
    private static Path junkFile;

    @BeforeAll
    static void requireBoto3() throws IOException {
        assumeTrue(Subprocess.works("python3", "-c", "import boto3"), "python3 with boto3 is not installed");
        try (InputStream in = Boto3IT.class.getResourceAsStream("detect_faces.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        faceFile = Fixtures.write(SERVER.tempRoot().resolve("boto3/face.jpg"), Fixtures.oneFaceJpeg());
        junkFile = Fixtures.write(SERVER.tempRoot().resolve("boto3/junk.jpg"),
                "GIF89a definitely not a jpeg".getBytes(StandardCharsets.US_ASCII));
        Fixtures.write(SERVER.bucketDir().resolve("boto3/face.jpg"), Fixtures.oneFaceJpeg());
    }

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    private static JsonNode boto3(String... args) {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script, SERVER.endpoint().toString()));
        command.addAll(List.of(args));
        Subprocess.Result result = Subprocess.run(command, Map.of(), 120);
        assertThat(result.toString(), result.exitCode(), is(0));
        String[] lines = result.stdout().strip().split("\n");
        return ApiErrors.parse(lines[lines.length - 1]);
    }

    @Test
    void oneFaceFromBytes() {
        JsonNode result = boto3("bytes", faceFile.toString());

        assertThat(result.toString(), result.path("ok").asBoolean(), is(true));
        assertThat(result.path("status").asInt(), is(200));
        assertThat(result.path("requestId").asText(), matchesPattern(ApiErrors.UUID));
        assertOneFace(result.path("faces"), 5);
    }

    @Test
    void oneFaceFromS3ObjectWithAttributesAll() {
        JsonNode result = boto3("s3", FacegateServer.BUCKET, "boto3/face.jpg", "ALL");

        assertThat(result.toString(), result.path("ok").asBoolean(), is(true));
        assertOneFace(result.path("faces"), 30);
        JsonNode face = result.path("faces").get(0);
        for (String member : AllAttributesIT.ALL_MEMBERS) {
            assertThat(member + " in " + face, face.has(member), is(true));
        }
        assertThat(face.size(), is(AllAttributesIT.ALL_MEMBERS.size()));
        assertThat(face.path("Emotions").size(), is(8));
        assertThat(face.path("Gender").path("Value").asText(), matchesPattern("Male|Female"));
        assertThat(face.path("Smile").path("Value").isBoolean(), is(true));
    }

    @Test
    void oneAttributeReturnsOnlyThatMember() {
        JsonNode result = boto3("bytes", faceFile.toString(), "SMILE");

        JsonNode face = result.path("faces").get(0);
        assertThat(face.toString(), face.has("Smile"), is(true));
        assertThat(face.toString(), face.size(), is(6));
        assertThat(face.path("Landmarks").size(), is(5));
    }

    @Test
    void badImageBytesIsTheModelledInvalidImageFormatException() {
        JsonNode result = boto3("bytes", junkFile.toString());

        assertThat(result.toString(), result.path("ok").asBoolean(), is(false));
        assertThat(result.path("code").asText(), is("InvalidImageFormatException"));
        // botocore raised its modelled exception class, not a bare ClientError.
        assertThat(result.path("exceptionClass").asText(), is("InvalidImageFormatException"));
        assertThat(result.path("status").asInt(), is(400));
        assertThat(result.path("message").asText(), is("Request has invalid image format."));
        assertThat(result.path("requestId").asText(), matchesPattern(ApiErrors.UUID));
        assertThat(result.path("attempts").asInt(), is(1));
    }

    @Test
    void missingS3ObjectIsInvalidS3ObjectException() {
        JsonNode result = boto3("s3", FacegateServer.BUCKET, "boto3/missing.jpg");

        assertThat(result.path("code").asText(), is("InvalidS3ObjectException"));
        assertThat(result.path("exceptionClass").asText(), is("InvalidS3ObjectException"));
    }

    @Test
    void s3ObjectVersionIsInvalidS3ObjectException() {
        Subprocess.Result run = Subprocess.run(List.of("python3", "-c", script, SERVER.endpoint().toString(), "s3",
                FacegateServer.BUCKET, "boto3/face.jpg"), Map.of("FACEGATE_S3_VERSION", "3HL4kqtJlcpXroDTDmJ"), 120);
        assertThat(run.toString(), run.exitCode(), is(0));
        String[] lines = run.stdout().strip().split("\n");
        JsonNode result = ApiErrors.parse(lines[lines.length - 1]);

        assertThat(result.toString(), result.path("code").asText(), is("InvalidS3ObjectException"));
        assertThat(result.path("exceptionClass").asText(), is("InvalidS3ObjectException"));
        assertThat(result.path("status").asInt(), is(400));
    }

    @Test
    void unknownAttributeIsInvalidParameterException() {
        // botocore does not validate the enum: the server must.
        JsonNode result = boto3("bytes", faceFile.toString(), "DEFAULT", "NOT_AN_ATTRIBUTE");

        assertThat(result.path("code").asText(), is("InvalidParameterException"));
        assertThat(result.path("exceptionClass").asText(), is("InvalidParameterException"));
    }

    private static void assertOneFace(JsonNode faces, int landmarkCount) {
        assertThat(faces.toString(), faces.size(), is(1));
        JsonNode box = faces.get(0).path("BoundingBox");
        assertThat(box.path("Left").asDouble() + box.path("Width").asDouble() / 2, closeTo(Fixtures.FACE_CENTRE_X, 0.05));
        assertThat(box.path("Top").asDouble() + box.path("Height").asDouble() / 2, closeTo(Fixtures.FACE_CENTRE_Y, 0.05));
        JsonNode landmarks = faces.get(0).path("Landmarks");
        assertThat(landmarks.size(), is(landmarkCount));
        assertThat(landmarks.get(0).path("Type").asText(), is("eyeLeft"));
        assertThat(landmarks.get(1).path("Type").asText(), is("eyeRight"));
        assertThat(landmarks.get(0).path("X").asDouble(), lessThan(landmarks.get(1).path("X").asDouble()));
    }
}
