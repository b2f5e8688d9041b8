package io.facegate.it;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.EmotionName;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.Landmark;
import software.amazon.awssdk.services.rekognition.model.LandmarkType;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * {@code Attributes: ["ALL"]} and each per-attribute value against the real server with the AWS SDK v2: ALL gives
 * all 17 members in valid ranges, 30 landmarks and 8 emotions; a per-attribute value adds its member only; the pose
 * from the mesh turns with the image.
 */
class AllAttributesIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    /** The 17 FaceDetail members of the service model, as they appear on the wire. */
    static final List<String> ALL_MEMBERS = List.of("BoundingBox", "AgeRange", "Smile", "Eyeglasses", "Sunglasses",
            "Gender", "Beard", "Mustache", "EyesOpen", "MouthOpen", "Emotions", "Landmarks", "Pose", "Quality",
            "Confidence", "FaceOccluded", "EyeDirection");

    /** Each per-attribute value and the SDK getter of the member it adds. */
    static final Map<String, Function<FaceDetail, Object>> MEMBER_OF = Map.ofEntries(
            Map.entry("AGE_RANGE", FaceDetail::ageRange), Map.entry("BEARD", FaceDetail::beard),
            Map.entry("EMOTIONS", f -> f.hasEmotions() ? f.emotions() : null), Map.entry("EYE_DIRECTION", FaceDetail::eyeDirection),
            Map.entry("EYEGLASSES", FaceDetail::eyeglasses), Map.entry("EYES_OPEN", FaceDetail::eyesOpen),
            Map.entry("GENDER", FaceDetail::gender), Map.entry("MOUTH_OPEN", FaceDetail::mouthOpen),
            Map.entry("MUSTACHE", FaceDetail::mustache), Map.entry("FACE_OCCLUDED", FaceDetail::faceOccluded),
            Map.entry("SMILE", FaceDetail::smile), Map.entry("SUNGLASSES", FaceDetail::sunglasses));

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    private static FaceDetail one(byte[] jpeg, String... attributes) {
        DetectFacesResponse response = SERVER.rekognition().detectFaces(r -> r
                .image(Image.builder().bytes(SdkBytes.fromByteArray(jpeg)).build())
                .attributesWithStrings(attributes));
        assertThat(response.faceDetails(), hasSize(1));
        return response.faceDetails().getFirst();
    }

    @Test
    void allGivesEveryMemberInRange() {
        FaceDetail face = one(Fixtures.oneFaceJpeg(), "ALL");

        assertThat(face.ageRange().low(), allOf(greaterThanOrEqualTo(0), lessThanOrEqualTo(face.ageRange().high())));
        assertThat(face.ageRange().high(), lessThan(120));
        for (var flag : List.of(face.smile().confidence(), face.eyeglasses().confidence(),
                face.sunglasses().confidence(), face.beard().confidence(), face.mustache().confidence(),
                face.eyesOpen().confidence(), face.mouthOpen().confidence(), face.faceOccluded().confidence(),
                face.gender().confidence(), face.eyeDirection().confidence())) {
            assertThat(flag, allOf(greaterThanOrEqualTo(0f), lessThanOrEqualTo(100f)));
        }
        for (Object value : List.of(face.smile().value(), face.eyeglasses().value(), face.sunglasses().value(),
                face.beard().value(), face.mustache().value(), face.eyesOpen().value(), face.mouthOpen().value(),
                face.faceOccluded().value())) {
            assertThat(value, notNullValue());
        }
        assertThat(face.gender().valueAsString(), org.hamcrest.Matchers.isOneOf("Male", "Female"));
        assertThat(face.eyeDirection().yaw(), allOf(greaterThanOrEqualTo(-180f), lessThanOrEqualTo(180f)));
        assertThat(face.eyeDirection().pitch(), allOf(greaterThanOrEqualTo(-180f), lessThanOrEqualTo(180f)));
        assertThat("the photo's subject looks at the camera with open eyes", face.eyesOpen().value(), is(true));
        assertThat(face.faceOccluded().value(), is(false));

        assertThat(face.emotions(), hasSize(8));
        Set<EmotionName> types = face.emotions().stream().map(e -> e.type()).collect(Collectors.toSet());
        assertThat(types, equalTo(EnumSet.complementOf(EnumSet.of(EmotionName.UNKNOWN, EmotionName.UNKNOWN_TO_SDK_VERSION))));
        for (int i = 1; i < 8; i++) {
            assertThat("sorted descending", face.emotions().get(i).confidence(),
                    lessThanOrEqualTo(face.emotions().get(i - 1).confidence()));
        }

        assertThat(face.landmarks(), hasSize(30));
        Set<LandmarkType> landmarkTypes = face.landmarks().stream().map(Landmark::type).collect(Collectors.toSet());
        assertThat(landmarkTypes, equalTo(EnumSet.complementOf(EnumSet.of(LandmarkType.UNKNOWN_TO_SDK_VERSION))));
        assertImageLeft(face, LandmarkType.EYE_LEFT, LandmarkType.EYE_RIGHT);
        assertImageLeft(face, LandmarkType.MOUTH_LEFT, LandmarkType.MOUTH_RIGHT);
        assertImageLeft(face, LandmarkType.LEFT_PUPIL, LandmarkType.RIGHT_PUPIL);
        assertImageLeft(face, LandmarkType.LEFT_EYE_LEFT, LandmarkType.LEFT_EYE_RIGHT);
        assertImageLeft(face, LandmarkType.UPPER_JAWLINE_LEFT, LandmarkType.UPPER_JAWLINE_RIGHT);
        assertThat(FaceAsserts.landmark(face, LandmarkType.CHIN_BOTTOM).y(),
                greaterThan(FaceAsserts.landmark(face, LandmarkType.MOUTH_DOWN).y()));
        assertThat(FaceAsserts.landmark(face, LandmarkType.LEFT_EYE_UP).y(),
                lessThan(FaceAsserts.landmark(face, LandmarkType.LEFT_EYE_DOWN).y()));
        for (var type : List.of(LandmarkType.EYE_LEFT, LandmarkType.EYE_RIGHT)) {
            assertThat("mesh " + type + " is inside the face box", FaceAsserts.contains(face,
                    FaceAsserts.landmark(face, type).x(), FaceAsserts.landmark(face, type).y()), is(true));
        }
        assertThat("mesh eyeLeft near the hand-marked eye", (double) FaceAsserts.landmark(face, LandmarkType.EYE_LEFT).x(),
                closeTo(Fixtures.EYE_LEFT_X, 0.03));
        assertThat((double) face.pose().roll(), closeTo(Fixtures.ROLL_DEGREES, 4));
    }

    @Test
    void defaultRunsNoAttributeModel() {
        FaceDetail face = one(Fixtures.oneFaceJpeg(), "DEFAULT");
        for (var getter : MEMBER_OF.values()) {
            assertThat(getter.apply(face), nullValue());
        }
        assertThat(face.hasEmotions(), is(false));
        FaceAsserts.assertDefaultLandmarks(face);
    }

    static List<String> perAttribute() {
        return List.copyOf(new java.util.TreeSet<>(MEMBER_OF.keySet()));
    }

    @ParameterizedTest
    @MethodSource("perAttribute")
    void eachValueAddsOnlyItsMember(String attribute) {
        FaceDetail face = one(Fixtures.oneFaceJpeg(), attribute);
        for (var entry : MEMBER_OF.entrySet()) {
            Object member = entry.getValue().apply(face);
            assertThat(entry.getKey() + " when asking " + attribute, member != null, is(entry.getKey().equals(attribute)));
        }
        FaceAsserts.assertDefaultLandmarks(face);
        assertThat(face.pose(), notNullValue());
        assertThat(face.quality(), notNullValue());
    }

    @Test
    void mirroringFlipsRollAndYawSigns() {
        FaceDetail face = one(Fixtures.oneFaceJpeg(), "ALL");
        FaceDetail mirrored = one(Fixtures.jpeg(Fixtures.mirrorHorizontally(Fixtures.oneFace()), false), "ALL");
        assertThat((double) mirrored.pose().roll(), closeTo(-face.pose().roll(), 3));
        assertThat((double) mirrored.pose().yaw(), closeTo(-face.pose().yaw(), 4));
        assertThat((double) mirrored.pose().pitch(), closeTo(face.pose().pitch(), 4));
        assertImageLeft(mirrored, LandmarkType.EYE_LEFT, LandmarkType.EYE_RIGHT);
        assertImageLeft(mirrored, LandmarkType.MOUTH_LEFT, LandmarkType.MOUTH_RIGHT);
    }

    @Test
    void rotatingClockwiseAddsToRollAndKeepsYawAndPitch() {
        FaceDetail face = one(Fixtures.oneFaceJpeg(), "ALL");
        FaceDetail rotated = one(Fixtures.jpeg(rotate(Fixtures.oneFace(), 25), false), "ALL");
        assertThat((double) rotated.pose().roll(), closeTo(face.pose().roll() + 25, 4));
        assertThat((double) rotated.pose().yaw(), closeTo(face.pose().yaw(), 5));
        assertThat((double) rotated.pose().pitch(), closeTo(face.pose().pitch(), 5));
    }

    @Test
    void theMeshGivesDefaultLandmarksWhenAnAttributeNeedsIt() {
        FaceDetail face = one(Fixtures.oneFaceJpeg(), "MOUTH_OPEN");
        FaceDetail plain = one(Fixtures.oneFaceJpeg(), "DEFAULT");
        assertThat("the mesh's mouth corners differ from DEFAULT's estimate",
                FaceAsserts.landmark(face, LandmarkType.MOUTH_LEFT).x(),
                not(equalTo(FaceAsserts.landmark(plain, LandmarkType.MOUTH_LEFT).x())));
        FaceAsserts.assertSameFace(plain, face, 0.02);
    }

    private static void assertImageLeft(FaceDetail face, LandmarkType left, LandmarkType right) {
        assertThat(left + " is left of " + right, FaceAsserts.landmark(face, left).x(),
                lessThan(FaceAsserts.landmark(face, right).x()));
    }

    /** The photo turned clockwise on screen by {@code degrees} about its centre, same size, black corners. */
    private static BufferedImage rotate(BufferedImage src, double degrees) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.rotate(Math.toRadians(degrees), src.getWidth() / 2.0, src.getHeight() / 2.0);
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }
}
