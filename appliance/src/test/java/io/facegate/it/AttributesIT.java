package io.facegate.it;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.model.Attribute;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;

import static io.facegate.it.ApiErrors.assertSdkError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * {@code Attributes}: each of the 14 enum values is accepted (and the DEFAULT members always come back); anything
 * else, including a value in the wrong case, is {@code InvalidParameterException}.
 */
class AttributesIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    /** The {@code Attribute} enum of the service model (reference §2). */
    static final List<String> ATTRIBUTES = List.of("DEFAULT", "ALL", "AGE_RANGE", "BEARD", "EMOTIONS",
            "EYE_DIRECTION", "EYEGLASSES", "EYES_OPEN", "GENDER", "MOUTH_OPEN", "MUSTACHE", "FACE_OCCLUDED", "SMILE",
            "SUNGLASSES");

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    private static DetectFacesResponse detect(String... attributes) {
        return SERVER.rekognition().detectFaces(r -> r
                .image(Image.builder().bytes(SdkBytes.fromByteArray(Fixtures.oneFaceJpeg())).build())
                .attributesWithStrings(attributes));
    }

    @Test
    void theListIsTheSdksEnum() {
        Set<String> sdk = Arrays.stream(Attribute.values()).filter(a -> a != Attribute.UNKNOWN_TO_SDK_VERSION)
                .map(Attribute::toString).collect(Collectors.toSet());
        assertThat(Set.copyOf(ATTRIBUTES), equalTo(sdk));
    }

    @ParameterizedTest
    @MethodSource("io.facegate.it.AttributesIT#attributes")
    void eachValueIsAccepted(String attribute) {
        assertDefaultFace(detect(attribute), attribute.equals("ALL"));
    }

    static List<String> attributes() {
        return ATTRIBUTES;
    }

    @Test
    void allFourteenTogether() {
        assertDefaultFace(detect(ATTRIBUTES.toArray(String[]::new)), true);
    }

    @Test
    void emptyListAndRepeatedValues() {
        assertDefaultFace(detect(), false);
        assertDefaultFace(detect("DEFAULT", "DEFAULT", "ALL", "ALL"), true);
    }

    @Test
    void unknownValue() {
        InvalidParameterException e = assertSdkError(InvalidParameterException.class, () -> detect("HAIR_COLOUR"));
        assertThat(e.awsErrorDetails().errorMessage(), containsString("HAIR_COLOUR"));
    }

    @Test
    void wrongCase() {
        assertSdkError(InvalidParameterException.class, () -> detect("default"));
        assertSdkError(InvalidParameterException.class, () -> detect("All"));
    }

    @Test
    void oneBadValueAmongGoodOnes() {
        assertSdkError(InvalidParameterException.class, () -> detect("DEFAULT", "SMILE", "", "GENDER"));
    }

    /** The DEFAULT members are there; landmarks are the DEFAULT five, or all 30 (the five first) with ALL. */
    private static void assertDefaultFace(DetectFacesResponse response, boolean all) {
        assertThat(response.faceDetails(), hasSize(1));
        FaceDetail face = response.faceDetails().getFirst();
        assertThat(face.boundingBox(), notNullValue());
        assertThat(face.confidence(), notNullValue());
        assertThat(face.pose(), notNullValue());
        assertThat(face.quality(), notNullValue());
        if (all) {
            assertThat(face.landmarks(), hasSize(30));
            assertThat(face.landmarks().subList(0, 5).stream().map(l -> l.type()).toList(),
                    equalTo(FaceAsserts.DEFAULT_LANDMARKS));
        } else {
            FaceAsserts.assertDefaultLandmarks(face);
        }
    }
}
