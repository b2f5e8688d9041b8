package io.facegate.decode;

import java.io.IOException;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;

/**
 * EXIF orientation (TIFF tag 274) of a JPEG and the pixel transform that undoes it. Values 1..8 as in the TIFF
 * spec: 1 is upright, 6 means the camera was turned so the image must be rotated 90° clockwise to display.
 */
final class ExifOrientation {

    static final int UPRIGHT = 1;

    private ExifOrientation() {
    }

    /** The orientation tag of a JPEG, or {@link #UPRIGHT} when it has none or it cannot be read. */
    static int read(byte[] jpeg) {
        try {
            ImageMetadata metadata = Imaging.getMetadata(jpeg);
            if (metadata instanceof JpegImageMetadata jpegMetadata) {
                TiffField field = jpegMetadata.findExifValueWithExactMatch(TiffTagConstants.TIFF_TAG_ORIENTATION);
                if (field != null) {
                    int value = field.getIntValue();
                    return value >= 1 && value <= 8 ? value : UPRIGHT;
                }
            }
            return UPRIGHT;
        } catch (IOException | RuntimeException e) {
            // Broken EXIF must not reject an image whose pixels decode: Rekognition then shows it as stored.
            return UPRIGHT;
        }
    }

    /** The upright image for stored pixels with the given orientation. */
    static RgbImage apply(RgbImage stored, int orientation) {
        if (orientation == UPRIGHT) {
            return stored;
        }
        int w = stored.width();
        int h = stored.height();
        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        int[] src = stored.pixels();
        int[] out = new int[src.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int nx;
                int ny;
                switch (orientation) {
                    case 2 -> { nx = w - 1 - x; ny = y; }            // mirrored horizontally
                    case 3 -> { nx = w - 1 - x; ny = h - 1 - y; }    // rotated 180°
                    case 4 -> { nx = x; ny = h - 1 - y; }            // mirrored vertically
                    case 5 -> { nx = y; ny = x; }                    // transposed
                    case 6 -> { nx = h - 1 - y; ny = x; }            // rotate 90° clockwise
                    case 7 -> { nx = h - 1 - y; ny = w - 1 - x; }    // transversed
                    case 8 -> { nx = y; ny = w - 1 - x; }            // rotate 90° counter-clockwise
                    default -> throw new IllegalArgumentException("EXIF orientation " + orientation);
                }
                out[ny * outW + nx] = src[y * w + x];
            }
        }
        return new RgbImage(outW, outH, out);
    }
}
