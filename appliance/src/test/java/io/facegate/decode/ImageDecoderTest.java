package io.facegate.decode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.Test;

import io.facegate.decode.ImageRejectedException.Reason;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder(80, 40_000_000);

    @Test
    void decodesPngExactly() throws Exception {
        BufferedImage source = pattern(120, 90);
        RgbImage image = decoder.decode(encode(source, "png"));
        assertThat(image.width(), is(120));
        assertThat(image.height(), is(90));
        assertThat(image.rgb(7, 5), is(source.getRGB(7, 5) & 0xFFFFFF));
    }

    @Test
    void decodesBaselineAndProgressiveJpeg() throws Exception {
        BufferedImage source = pattern(160, 100);
        RgbImage baseline = decoder.decode(jpeg(source, false));
        RgbImage progressive = decoder.decode(jpeg(source, true));
        assertThat(baseline.width(), is(160));
        assertThat(progressive.width(), is(160));
        assertThat(Math.abs((baseline.rgb(80, 50) & 0xFF) - (source.getRGB(80, 50) & 0xFF)) < 24, is(true));
    }

    @Test
    void appliesExifOrientationToJpeg() throws Exception {
        BufferedImage source = pattern(160, 100);
        byte[] rotated = withOrientation(jpeg(source, false), 6);
        RgbImage image = decoder.decode(rotated);
        assertThat(image.width(), is(100));
        assertThat(image.height(), is(160));
        // Orientation 6: the stored top-left corner is displayed at the top-right.
        assertThat(image.rgb(99, 0) & 0xFF0000, is(source.getRGB(0, 0) & 0xFF0000));
    }

    @Test
    void rejectsWhatIsNotPngOrJpeg() {
        assertRejected(Reason.INVALID_FORMAT, "GIF89a....".getBytes());
        assertRejected(Reason.INVALID_FORMAT, new byte[] {(byte) 0xFF, (byte) 0xD8});
        assertRejected(Reason.INVALID_FORMAT, new byte[0]);
    }

    @Test
    void rejectsTruncatedImages() throws Exception {
        byte[] jpeg = jpeg(pattern(400, 300), false);
        assertRejected(Reason.INVALID_FORMAT, Arrays.copyOf(jpeg, jpeg.length / 2));
        byte[] png = encode(pattern(400, 300), "png");
        assertRejected(Reason.INVALID_FORMAT, Arrays.copyOf(png, png.length / 2));
    }

    @Test
    void rejectsHugeDeclaredDimensionsBeforeDecoding() {
        assertRejected(Reason.TOO_LARGE, pngHeaderOnly(100_000, 100_000));
    }

    @Test
    void rejectsImagesBelowTheMinimumSide() throws Exception {
        assertRejected(Reason.TOO_SMALL, encode(pattern(79, 200), "png"));
    }

    @Test
    void orientationTransformsMapCornersAsTheTiffSpecSays() {
        // 2x3 stored image with distinct pixels 0..5, row-major.
        RgbImage stored = new RgbImage(2, 3, new int[] {0, 1, 2, 3, 4, 5});
        assertThat(ExifOrientation.apply(stored, 1), is(stored));
        assertThat(Arrays.toString(ExifOrientation.apply(stored, 2).pixels()), is("[1, 0, 3, 2, 5, 4]"));
        assertThat(Arrays.toString(ExifOrientation.apply(stored, 3).pixels()), is("[5, 4, 3, 2, 1, 0]"));
        assertThat(Arrays.toString(ExifOrientation.apply(stored, 4).pixels()), is("[4, 5, 2, 3, 0, 1]"));
        assertThat(Arrays.toString(ExifOrientation.apply(stored, 5).pixels()), is("[0, 2, 4, 1, 3, 5]"));
        assertThat(Arrays.toString(ExifOrientation.apply(stored, 6).pixels()), is("[4, 2, 0, 5, 3, 1]"));
        assertThat(Arrays.toString(ExifOrientation.apply(stored, 7).pixels()), is("[5, 3, 1, 4, 2, 0]"));
        assertThat(Arrays.toString(ExifOrientation.apply(stored, 8).pixels()), is("[1, 3, 5, 0, 2, 4]"));
    }

    private void assertRejected(Reason reason, byte[] bytes) {
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(bytes));
        assertThat(e.reason(), is(reason));
    }

    static BufferedImage pattern(int w, int h) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = x < w / 2 && y < h / 2 ? 230 : 20;
                image.setRGB(x, y, r << 16 | (x * 255 / w) << 8 | (y * 255 / h));
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image, boolean progressive) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        if (progressive) {
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static byte[] withOrientation(byte[] jpeg, int orientation) throws Exception {
        TiffOutputSet set = new TiffOutputSet();
        set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(jpeg, out, set);
        return out.toByteArray();
    }

    /** A PNG signature and a valid IHDR chunk declaring the given size, and no pixel data. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        return ByteBuffer.allocate(8 + 4 + 17 + 4)
                .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
                .putInt(13).put(ihdr.array()).putInt((int) crc.getValue()).array();
    }
}
