package io.facegate.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.DetectFacesResponse;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Landmark;
import software.amazon.awssdk.services.rekognition.model.LandmarkType;

import static io.facegate.it.FaceAsserts.assertCentre;
import static io.facegate.it.FaceAsserts.assertDefaultLandmarks;
import static io.facegate.it.FaceAsserts.contains;
import static io.facegate.it.FaceAsserts.landmark;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** A photo with one known face, through the AWS SDK for Java v2: one face, where it was measured by hand. */
class SingleFaceIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    /** About a tenth of the face size: a box around any other part of the crop misses it. */
    private static final double CENTRE_TOLERANCE = 0.05;
    private static final double EYE_TOLERANCE = 0.04;

    @Test
    void oneFaceAtTheMeasuredPlace() {
        DetectFacesResponse response = SERVER.detectFaces(Fixtures.oneFaceJpeg());

        assertThat(response.faceDetails(), hasSize(1));
        assertThat("OrientationCorrection is always null", response.orientationCorrection(), nullValue());
        FaceDetail face = response.faceDetails().getFirst();
        assertCentre(face, Fixtures.FACE_CENTRE_X, Fixtures.FACE_CENTRE_Y, CENTRE_TOLERANCE);
        assertThat("box width is about the face width", (double) face.boundingBox().width(),
                closeTo(Fixtures.FACE_WIDTH, 0.1));
        assertThat(face.boundingBox().height(), allOf(greaterThan(0.3f), lessThan(0.7f)));
        assertThat(face.confidence(), allOf(greaterThan(50f), lessThanOrEqualTo(100f)));
    }

    @Test
    void fiveDefaultLandmarksOnTheFace() {
        FaceDetail face = SERVER.detectFaces(Fixtures.oneFaceJpeg()).faceDetails().getFirst();

        assertDefaultLandmarks(face);
        Landmark eyeLeft = landmark(face, LandmarkType.EYE_LEFT);
        Landmark eyeRight = landmark(face, LandmarkType.EYE_RIGHT);
        assertThat((double) eyeLeft.x(), closeTo(Fixtures.EYE_LEFT_X, EYE_TOLERANCE));
        assertThat((double) eyeLeft.y(), closeTo(Fixtures.EYE_LEFT_Y, EYE_TOLERANCE));
        assertThat((double) eyeRight.x(), closeTo(Fixtures.EYE_RIGHT_X, EYE_TOLERANCE));
        assertThat((double) eyeRight.y(), closeTo(Fixtures.EYE_RIGHT_Y, EYE_TOLERANCE));

        Landmark nose = landmark(face, LandmarkType.NOSE);
        Landmark mouthLeft = landmark(face, LandmarkType.MOUTH_LEFT);
        Landmark mouthRight = landmark(face, LandmarkType.MOUTH_RIGHT);
        assertThat("nose below the eyes", nose.y(), greaterThan(Math.max(eyeLeft.y(), eyeRight.y())));
        assertThat("mouth below the nose", (mouthLeft.y() + mouthRight.y()) / 2, greaterThan(nose.y()));
        assertThat("mouthLeft is image-left", mouthLeft.x(), lessThan(mouthRight.x()));
        for (Landmark l : face.landmarks()) {
            assertThat(l.type() + " inside the face box", contains(face, l.x(), l.y()), is(true));
        }
    }

    @Test
    void poseAndQualityPresentAndInRange() {
        FaceDetail face = SERVER.detectFaces(Fixtures.oneFaceJpeg()).faceDetails().getFirst();

        assertThat(face.pose(), notNullValue());
        // Roll: the image-right eye is 18 px lower over 102 px, about +10° (clockwise, as FaceDetail.Pose documents).
        assertThat((double) face.pose().roll(), closeTo(Fixtures.ROLL_DEGREES, 10));
        // She is turned towards the image left (nose left of the eye midpoint), a moderate, negative yaw.
        assertThat(face.pose().yaw(), allOf(greaterThan(-45f), lessThan(0f)));
        assertThat(face.pose().pitch(), allOf(greaterThan(-30f), lessThan(30f)));

        assertThat(face.quality(), notNullValue());
        // A well-lit, in-focus face: clearly above the bottom of the 0..100 scales.
        assertThat(face.quality().brightness(), allOf(greaterThan(20f), lessThanOrEqualTo(100f)));
        assertThat(face.quality().sharpness(), allOf(greaterThan(10f), lessThanOrEqualTo(100f)));
    }

    @Test
    void greyImageOfTheSameSizeHasNoFace() {
        // The same frame without the face: no detection, so the face tests above cannot pass on a constant answer.
        DetectFacesResponse response = SERVER.detectFaces(Fixtures.jpeg(Fixtures.blank(Fixtures.CROP_W,
                Fixtures.CROP_H), false));
        assertThat(response.faceDetails(), hasSize(0));
    }
}
