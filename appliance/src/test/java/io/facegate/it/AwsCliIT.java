package io.facegate.it;

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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The AWS CLI ({@code aws rekognition detect-faces --endpoint-url … --image-bytes fileb://…}) with dummy
 * credentials and {@code AWS_MAX_ATTEMPTS=1}. Skipped when {@code aws} is not installed.
 */
class AwsCliIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    private static Path faceFile;
    private static Path junkFile;

    @BeforeAll
    static void requireCli() {
        assumeTrue(Subprocess.works("aws", "--version"), "the AWS CLI is not installed");
        faceFile = Fixtures.write(SERVER.tempRoot().resolve("cli/face.jpg"), Fixtures.oneFaceJpeg());
        junkFile = Fixtures.write(SERVER.tempRoot().resolve("cli/junk.jpg"),
                "this is not an image".getBytes(StandardCharsets.US_ASCII));
        Fixtures.write(SERVER.bucketDir().resolve("cli/face.jpg"), Fixtures.oneFaceJpeg());
    }

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    private static Subprocess.Result aws(String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "rekognition", "detect-faces",
                "--endpoint-url", SERVER.endpoint().toString(), "--region", "us-east-1", "--output", "json"));
        command.addAll(List.of(args));
        return Subprocess.run(command, Map.of(), 120);
    }

    @Test
    void oneFaceFromImageBytes() {
        Subprocess.Result result = aws("--image-bytes", "fileb://" + faceFile);

        assertThat(result.toString(), result.exitCode(), is(0));
        assertOneFace(ApiErrors.parse(result.stdout()), 5);
    }

    @Test
    void oneFaceFromS3ObjectWithAttributesFirst() {
        // The CLI serialises Attributes before Image.
        Subprocess.Result result = aws("--attributes", "ALL", "--image",
                "{\"S3Object\":{\"Bucket\":\"" + FacegateServer.BUCKET + "\",\"Name\":\"cli/face.jpg\"}}");

        assertThat(result.toString(), result.exitCode(), is(0));
        assertOneFace(ApiErrors.parse(result.stdout()), 30);
        JsonNode face = ApiErrors.parse(result.stdout()).path("FaceDetails").get(0);
        assertThat(face.size(), is(AllAttributesIT.ALL_MEMBERS.size()));
    }

    @Test
    void badImageBytesExitNonZeroWithTheErrorCode() {
        Subprocess.Result result = aws("--image-bytes", "fileb://" + junkFile);

        assertThat(result.toString(), result.exitCode(), not(0));
        assertThat(result.stderr(), containsString("(InvalidImageFormatException)"));
        assertThat(result.stderr(), containsString("DetectFaces"));
        assertThat(result.stderr(), containsString("Request has invalid image format."));
    }

    @Test
    void missingS3ObjectExitNonZeroWithTheErrorCode() {
        Subprocess.Result result = aws("--image",
                "{\"S3Object\":{\"Bucket\":\"" + FacegateServer.BUCKET + "\",\"Name\":\"cli/missing.jpg\"}}");

        assertThat(result.toString(), result.exitCode(), not(0));
        assertThat(result.stderr(), containsString("(InvalidS3ObjectException)"));
    }

    private static void assertOneFace(JsonNode response, int landmarkCount) {
        JsonNode faces = response.path("FaceDetails");
        assertThat(response.toString(), faces.size(), is(1));
        JsonNode box = faces.get(0).path("BoundingBox");
        assertThat(box.path("Left").asDouble() + box.path("Width").asDouble() / 2, closeTo(Fixtures.FACE_CENTRE_X, 0.05));
        assertThat(box.path("Top").asDouble() + box.path("Height").asDouble() / 2, closeTo(Fixtures.FACE_CENTRE_Y, 0.05));
        assertThat(faces.get(0).path("Landmarks").size(), is(landmarkCount));
    }
}
