package io.facegate.it;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/**
 * The group photos of {@code @vladmandic/face-api} through the SDK: exactly the true number of faces, and every
 * face found (each hand-located face centre lies in its own returned box), so a miss cannot be hidden by a false
 * positive elsewhere.
 */
class GroupPhotoIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    /**
     * Face centres in pixels, located by hand on half-size renderings with a 100 px grid (rough, ±30 px; a face box
     * is 150..250 px). Counts: 3, 3, 3, 4, 5, 4.
     */
    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(1, new int[][] {{520, 480}, {900, 560}, {1570, 330}}),
                Arguments.of(2, new int[][] {{430, 250}, {960, 330}, {1530, 290}}),
                Arguments.of(3, new int[][] {{660, 470}, {1190, 390}, {1570, 420}}),
                Arguments.of(4, new int[][] {{350, 330}, {740, 160}, {1040, 310}, {1370, 260}}),
                Arguments.of(5, new int[][] {{860, 240}, {670, 550}, {1190, 350}, {1520, 500}, {470, 1050}}),
                Arguments.of(6, new int[][] {{350, 640}, {740, 520}, {1250, 430}, {1610, 420}}));
    }

    @ParameterizedTest(name = "sample{0}.jpg")
    @MethodSource("samples")
    void everyFaceOnceAndNothingElse(int sample, int[][] centres) throws IOException {
        assertEveryFaceOnce(SERVER, sample, centres);
    }

    /** What {@link #everyFaceOnceAndNothingElse} asserts, for {@code server}'s detector configuration. */
    static void assertEveryFaceOnce(FacegateServer server, int sample, int[][] centres) throws IOException {
        BufferedImage photo = ImageIO.read(Fixtures.photo(sample).toFile());
        List<FaceDetail> faces = server.detectFaces(Fixtures.photoBytes(sample)).faceDetails();

        assertThat("faces in sample" + sample + ".jpg", faces, hasSize(centres.length));
        List<FaceDetail> unmatched = new ArrayList<>(faces);
        for (int[] c : centres) {
            double x = (double) c[0] / photo.getWidth();
            double y = (double) c[1] / photo.getHeight();
            FaceDetail match = unmatched.stream().filter(f -> FaceAsserts.contains(f, x, y)).findFirst()
                    .orElseThrow(() -> new AssertionError("sample" + sample + ": no box contains the face at "
                            + c[0] + "," + c[1] + "; boxes: " + faces.stream().map(FaceDetail::boundingBox).toList()));
            unmatched.remove(match);
            assertThat(match.confidence(), greaterThan(50f));
            FaceAsserts.assertDefaultLandmarks(match);
        }
        assertThat(unmatched.isEmpty(), is(true));
    }
}
