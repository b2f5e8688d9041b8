package io.facegate.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.facegate.face.Face;
import io.facegate.face.FaceAttributes;
import io.facegate.face.LandmarkType;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

class ResponseJsonTest {

    /**
     * Negative zero is written as 0.0: it was seen as {@code "Yaw":-0.0} (the mesh's pose on frontal faces; 4 of the
     * first 150 celeba-dev photos with ALL). Every number of a face, and values so small that they become -0 as a
     * float, are checked.
     */
    @Test
    void negativeZeroIsWrittenAsZero() throws Exception {
        double z = -0.0;
        double tiny = -1e-50; // (float) -1e-50 is -0.0f
        FaceAttributes attributes = new FaceAttributes(Optional.of(new FaceAttributes.AgeRange(20, 30)),
                Optional.of(new FaceAttributes.Verdict(true, z)), Optional.of(new FaceAttributes.Verdict(false, tiny)),
                Optional.of(new FaceAttributes.Verdict(false, z)),
                Optional.of(new FaceAttributes.Gender(FaceAttributes.Gender.Value.FEMALE, z)),
                Optional.of(new FaceAttributes.Verdict(false, z)), Optional.of(new FaceAttributes.Verdict(false, z)),
                Optional.of(new FaceAttributes.Verdict(true, z)), Optional.of(new FaceAttributes.Verdict(false, z)),
                Optional.of(List.of(new FaceAttributes.EmotionScore(FaceAttributes.Emotion.CALM, z))),
                Optional.of(new FaceAttributes.Gaze(z, tiny, z)), Optional.of(new FaceAttributes.Verdict(false, z)));
        Face face = new Face(new Face.Box(z, tiny, 0.5, 0.5), 0.99,
                List.of(new Face.Landmark(LandmarkType.EYE_LEFT, z, tiny)), new Face.Pose(z, z, tiny),
                new Face.Quality(z, tiny), attributes);

        String json = new String(ResponseJson.detectFaces(List.of(face)), StandardCharsets.UTF_8);

        assertThat(json, not(containsString("-0")));
        JsonNode detail = new ObjectMapper().readTree(json).path("FaceDetails").get(0);
        assertThat(detail.path("Pose").path("Yaw").asDouble(), is(0.0));
        assertThat(detail.path("BoundingBox").path("Left").asDouble(), is(0.0));
        assertThat(detail.path("EyeDirection").path("Pitch").asDouble(), is(0.0));
    }

    @Test
    void negativeNumbersStayNegative() {
        Face face = new Face(new Face.Box(-0.01, -0.2, 0.5, 0.5), 0.99, List.of(), new Face.Pose(-1.5, -0.001, -30),
                new Face.Quality(0.5, 0.5), FaceAttributes.NONE);

        String json = new String(ResponseJson.detectFaces(List.of(face)), StandardCharsets.UTF_8);

        assertThat(json, containsString("\"Left\":-0.01"));
        assertThat(json, containsString("\"Yaw\":-0.001"));
        assertThat(json, containsString("\"Pitch\":-30.0"));
    }
}
