package io.facegate.it;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.Landmark;
import software.amazon.awssdk.services.rekognition.model.LandmarkType;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * JPEG EXIF orientation: Rekognition applies it and reports coordinates in the corrected (upright) frame. The
 * pixels of the one-face fixture are stored turned, with the Orientation tag that turns them back; the face must
 * come back where it is in the upright image.
 */
class ExifOrientationIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    /** Re-encoding turned pixels moves the detection a little; the face is ~0.5 of the frame. */
    private static final double TOLERANCE = 0.03;

    private static FaceDetail upright;

    @BeforeAll
    static void detectUpright() {
        List<FaceDetail> faces = SERVER.detectFaces(Fixtures.oneFaceJpeg()).faceDetails();
        assertThat(faces, hasSize(1));
        upright = faces.getFirst();
    }

    /** Stored pixels for an orientation: the inverse of the turn a viewer applies to display them. */
    private static UnaryOperator<BufferedImage> storedFor(int orientation) {
        return switch (orientation) {
            case 6 -> Fixtures::rotate90Ccw;  // viewer rotates 90° clockwise
            case 8 -> Fixtures::rotate90Cw;   // viewer rotates 90° counter-clockwise
            case 3 -> Fixtures::rotate180;
            case 2 -> Fixtures::mirrorHorizontally; // the mirrored ones are their own inverse
            case 4 -> Fixtures::mirrorVertically;
            case 5 -> Fixtures::transpose;
            case 7 -> Fixtures::transverse;
            default -> throw new IllegalArgumentException("orientation " + orientation);
        };
    }

    @ParameterizedTest(name = "Orientation {0}")
    @ValueSource(ints = {6, 8, 3, 2, 4, 5, 7})
    void faceReportedInTheCorrectedFrame(int orientation) {
        byte[] stored = Fixtures.jpeg(storedFor(orientation).apply(Fixtures.oneFace()), false);
        byte[] tagged = Fixtures.withExifOrientation(stored, orientation);

        List<FaceDetail> faces = SERVER.detectFaces(tagged).faceDetails();

        assertThat(faces, hasSize(1));
        FaceAsserts.assertDefaultLandmarks(faces.getFirst());
        FaceAsserts.assertSameFace(upright, faces.getFirst(), TOLERANCE);
        assertThat("roll as upright", (double) faces.getFirst().pose().roll(), closeTo(upright.pose().roll(), 5));
    }

    @Test
    void sameTurnedPixelsWithoutTheTagAreNotCorrected() {
        // Control: without the tag the service must see the stored (sideways) frame, so the upright answer above
        // really comes from the tag. The face sits near the middle of the crop, so its box centre barely moves when
        // turned; the eyes do: in the sideways frame they lie one above the other, not side by side.
        byte[] stored = Fixtures.jpeg(Fixtures.rotate90Ccw(Fixtures.oneFace()), false);

        List<FaceDetail> faces = SERVER.detectFaces(stored).faceDetails();

        for (FaceDetail face : faces) {
            assertThat("sideways eyes of " + face.landmarks(), eyesMatch(upright, face, 0.05), is(false));
        }
    }

    private static boolean eyesMatch(FaceDetail a, FaceDetail b, double tolerance) {
        for (LandmarkType type : List.of(LandmarkType.EYE_LEFT, LandmarkType.EYE_RIGHT)) {
            Landmark la = FaceAsserts.landmark(a, type);
            Landmark lb = FaceAsserts.landmark(b, type);
            if (Math.abs(la.x() - lb.x()) > tolerance || Math.abs(la.y() - lb.y()) > tolerance) {
                return false;
            }
        }
        return true;
    }

    @Test
    void uprightTagChangesNothing() {
        byte[] tagged = Fixtures.withExifOrientation(Fixtures.oneFaceJpeg(), 1);

        List<FaceDetail> faces = SERVER.detectFaces(tagged).faceDetails();

        assertThat(faces, hasSize(1));
        FaceAsserts.assertSameFace(upright, faces.getFirst(), 0.005);
    }
}
