package io.facegate.it;

import java.util.List;

import software.amazon.awssdk.services.rekognition.model.BoundingBox;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Landmark;
import software.amazon.awssdk.services.rekognition.model.LandmarkType;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

/** Geometry of SDK face details, in Rekognition's ratios of the image size. */
final class FaceAsserts {

    /** The five landmarks DEFAULT returns, in the documented order. */
    static final List<LandmarkType> DEFAULT_LANDMARKS = List.of(LandmarkType.EYE_LEFT, LandmarkType.EYE_RIGHT,
            LandmarkType.NOSE, LandmarkType.MOUTH_LEFT, LandmarkType.MOUTH_RIGHT);

    private FaceAsserts() {
    }

    static double centreX(FaceDetail face) {
        BoundingBox b = face.boundingBox();
        return b.left() + b.width() / 2;
    }

    static double centreY(FaceDetail face) {
        BoundingBox b = face.boundingBox();
        return b.top() + b.height() / 2;
    }

    static Landmark landmark(FaceDetail face, LandmarkType type) {
        return face.landmarks().stream().filter(l -> l.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " landmark in " + face.landmarks()));
    }

    static void assertDefaultLandmarks(FaceDetail face) {
        assertThat(face.landmarks().stream().map(Landmark::type).toList(),
                org.hamcrest.Matchers.contains(DEFAULT_LANDMARKS.toArray(LandmarkType[]::new)));
        Landmark left = landmark(face, LandmarkType.EYE_LEFT);
        Landmark right = landmark(face, LandmarkType.EYE_RIGHT);
        assertThat("eyeLeft is the image-left eye", left.x(), lessThan(right.x()));
    }

    static void assertCentre(FaceDetail face, double x, double y, double tolerance) {
        assertThat(face.boundingBox(), notNullValue());
        assertThat("box centre x of " + face.boundingBox(), centreX(face), closeTo(x, tolerance));
        assertThat("box centre y of " + face.boundingBox(), centreY(face), closeTo(y, tolerance));
    }

    /** Two detections of the same face (box centre, size and eyes) agree within {@code tolerance}. */
    static void assertSameFace(FaceDetail expected, FaceDetail actual, double tolerance) {
        assertCentre(actual, centreX(expected), centreY(expected), tolerance);
        assertThat("box width", (double) actual.boundingBox().width(), closeTo(expected.boundingBox().width(), tolerance));
        assertThat("box height", (double) actual.boundingBox().height(), closeTo(expected.boundingBox().height(), tolerance));
        for (LandmarkType type : List.of(LandmarkType.EYE_LEFT, LandmarkType.EYE_RIGHT)) {
            Landmark e = landmark(expected, type);
            Landmark a = landmark(actual, type);
            assertThat(type + ".x", (double) a.x(), closeTo(e.x(), tolerance));
            assertThat(type + ".y", (double) a.y(), closeTo(e.y(), tolerance));
        }
    }

    /** Whether the point (ratios) lies inside the face's bounding box. */
    static boolean contains(FaceDetail face, double x, double y) {
        BoundingBox b = face.boundingBox();
        return x >= b.left() && x <= b.left() + b.width() && y >= b.top() && y <= b.top() + b.height();
    }
}
