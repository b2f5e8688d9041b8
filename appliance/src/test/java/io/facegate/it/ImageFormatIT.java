package io.facegate.it;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

/** The accepted encodings (baseline and progressive JPEG, PNG in several colour types) all find the same face. */
class ImageFormatIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    private static final double TOLERANCE = 0.03;

    private static FaceDetail baseline;

    @BeforeAll
    static void detectBaseline() {
        List<FaceDetail> faces = SERVER.detectFaces(Fixtures.oneFaceJpeg()).faceDetails();
        assertThat(faces, hasSize(1));
        baseline = faces.getFirst();
    }

    @Test
    void progressiveJpeg() {
        byte[] progressive = Fixtures.jpeg(Fixtures.oneFace(), true);
        assertThat("the fixture really is progressive (SOF2)", hasMarker(progressive, 0xC2), is(true));
        assertThat("and not baseline (SOF0)", hasMarker(progressive, 0xC0), is(false));

        assertSameOneFace(progressive);
    }

    @Test
    void pngRgb() {
        assertSameOneFace(Fixtures.png(Fixtures.oneFace()));
    }

    @Test
    void pngWithAlpha() {
        assertSameOneFace(Fixtures.png(convert(Fixtures.oneFace(), BufferedImage.TYPE_INT_ARGB)));
    }

    @Test
    void interlacedPng() {
        byte[] png = Fixtures.interlacedPng(Fixtures.oneFace());
        assertThat("the fixture really is Adam7-interlaced (IHDR interlace byte)", png[28], is((byte) 1));
        assertSameOneFace(png);
    }

    @Test
    void sixteenBitAndPalettePng() {
        assertSameOneFace(Fixtures.png(convert(Fixtures.oneFace(), BufferedImage.TYPE_USHORT_GRAY)));
        assertSameOneFace(Fixtures.png(convert(Fixtures.oneFace(), BufferedImage.TYPE_BYTE_INDEXED)));
    }

    @Test
    void greyscalePngAndJpeg() {
        BufferedImage grey = convert(Fixtures.oneFace(), BufferedImage.TYPE_BYTE_GRAY);
        assertSameOneFace(Fixtures.png(grey));
        assertSameOneFace(Fixtures.encode(grey, "jpeg"));
    }

    private static void assertSameOneFace(byte[] image) {
        List<FaceDetail> faces = SERVER.detectFaces(image).faceDetails();
        assertThat(faces, hasSize(1));
        FaceAsserts.assertDefaultLandmarks(faces.getFirst());
        FaceAsserts.assertSameFace(baseline, faces.getFirst(), TOLERANCE);
    }

    private static BufferedImage convert(BufferedImage source, int type) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), type);
        Graphics2D g = out.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Whether a JPEG has a frame header {@code FF marker} before its scan data. */
    private static boolean hasMarker(byte[] jpeg, int marker) {
        int i = 2;
        while (i + 4 <= jpeg.length && (jpeg[i] & 0xFF) == 0xFF) {
            int type = jpeg[i + 1] & 0xFF;
            if (type == marker) {
                return true;
            }
            if (type == 0xDA) {
                return false;
            }
            i += 2 + ((jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF));
        }
        return false;
    }
}
