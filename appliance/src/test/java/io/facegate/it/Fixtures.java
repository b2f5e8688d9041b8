package io.facegate.it;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Test images, all generated in code from the sample photos (nothing is committed).
 *
 * <p>The one-face fixture is a crop of {@code sample3.jpg} (1920×1350): the middle woman of the three, frontal and
 * slightly tilted, cut out so that no other face is in it. Her face was measured by hand on a 1.5× rendering with a
 * 20 px grid (see {@link #FACE_CENTRE_X} and the eye constants); nothing here was copied from detector output.
 */
public final class Fixtures {

    /** Crop of sample3.jpg holding one face: x 960..1420, y 120..620. */
    public static final int CROP_X = 960;
    public static final int CROP_Y = 120;
    public static final int CROP_W = 460;
    public static final int CROP_H = 500;

    /**
     * Hand-measured in sample3.jpg pixels: image-left eye (pupil) at (1115, 320), image-right eye at (1217, 338),
     * nose tip (1149, 397), mouth centre (1153, 442), eyebrows at y 300, hairline (top of the forehead) at y 253,
     * chin at y 500, cheek edges at x 1080 and 1307. The face centre (middle of cheek-to-cheek and of
     * forehead-to-chin, the extent WIDER FACE and Rekognition boxes cover) is thus about (1193, 376). Box-shape
     * conventions (brow-to-chin would give y 400) move it by less than the tests' tolerance of 0.05 (25 px).
     */
    public static final double FACE_CENTRE_X = (1193.0 - CROP_X) / CROP_W;
    public static final double FACE_CENTRE_Y = (376.0 - CROP_Y) / CROP_H;
    /** Face width over crop width, cheek to cheek: (1307 - 1080) / 460. */
    public static final double FACE_WIDTH = (1307.0 - 1080) / CROP_W;
    public static final double EYE_LEFT_X = (1115.0 - CROP_X) / CROP_W;
    public static final double EYE_LEFT_Y = (320.0 - CROP_Y) / CROP_H;
    public static final double EYE_RIGHT_X = (1217.0 - CROP_X) / CROP_W;
    public static final double EYE_RIGHT_Y = (338.0 - CROP_Y) / CROP_H;
    /** Eye line tilt, image-right eye lower: atan2(338 - 320, 1217 - 1115) ≈ +10°. */
    public static final double ROLL_DEGREES = Math.toDegrees(Math.atan2(338 - 320, 1217 - 1115));

    /** Rekognition's ImageBlob maximum: 5 MiB of decoded bytes. */
    public static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;

    private static BufferedImage oneFace;
    private static byte[] oneFaceJpeg;

    private Fixtures() {
    }

    /** The sample photo {@code sample<i>.jpg} from {@code facegate.test.photos}. */
    public static Path photo(int i) {
        String dir = System.getProperty("facegate.test.photos");
        if (dir == null) {
            throw new IllegalStateException("system property facegate.test.photos is not set (run the tests with Maven)");
        }
        Path file = Path.of(dir, "sample" + i + ".jpg");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: build with tests enabled so the photos are fetched");
        }
        return file;
    }

    public static byte[] photoBytes(int i) {
        try {
            return Files.readAllBytes(photo(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one-face crop as RGB pixels. */
    public static synchronized BufferedImage oneFace() {
        if (oneFace == null) {
            try {
                BufferedImage photo = ImageIO.read(photo(3).toFile());
                oneFace = copy(photo.getSubimage(CROP_X, CROP_Y, CROP_W, CROP_H));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return oneFace;
    }

    /** The one-face crop as a baseline JPEG (quality 0.92), without EXIF. */
    public static synchronized byte[] oneFaceJpeg() {
        if (oneFaceJpeg == null) {
            oneFaceJpeg = jpeg(oneFace(), false);
        }
        return oneFaceJpeg.clone();
    }

    public static BufferedImage copy(BufferedImage source) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return out;
    }

    /** Encodes with ImageIO's JPEG writer, baseline or progressive, quality 0.92. */
    public static byte[] jpeg(BufferedImage image, boolean progressive) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            param.setProgressiveMode(progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(copy(image), null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    /** A PNG with Adam7 interlacing (ImageIO's "progressive" PNG mode). */
    public static byte[] interlacedPng(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    public static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A solid grey image of the given size. */
    public static BufferedImage blank(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** The pixels turned 90° counter-clockwise (what a camera stores when EXIF orientation 6 is needed). */
    public static BufferedImage rotate90Ccw(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(y, w - 1 - x, src.getRGB(x, y));
            }
        }
        return out;
    }

    /** The pixels turned 90° clockwise (stored for EXIF orientation 8). */
    public static BufferedImage rotate90Cw(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(h, w, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(h - 1 - y, x, src.getRGB(x, y));
            }
        }
        return out;
    }

    /** The pixels turned 180° (stored for EXIF orientation 3). */
    public static BufferedImage rotate180(BufferedImage src) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out.setRGB(w - 1 - x, h - 1 - y, src.getRGB(x, y));
            }
        }
        return out;
    }

    /** Mirrored left to right (stored for EXIF orientation 2; its own inverse). */
    public static BufferedImage mirrorHorizontally(BufferedImage src) {
        return remap(src, false, (x, y, w, h) -> new int[] {w - 1 - x, y});
    }

    /** Mirrored top to bottom (stored for EXIF orientation 4). */
    public static BufferedImage mirrorVertically(BufferedImage src) {
        return remap(src, false, (x, y, w, h) -> new int[] {x, h - 1 - y});
    }

    /** Flipped about the top-left to bottom-right diagonal (stored for EXIF orientation 5). */
    public static BufferedImage transpose(BufferedImage src) {
        return remap(src, true, (x, y, w, h) -> new int[] {y, x});
    }

    /** Flipped about the top-right to bottom-left diagonal (stored for EXIF orientation 7). */
    public static BufferedImage transverse(BufferedImage src) {
        return remap(src, true, (x, y, w, h) -> new int[] {h - 1 - y, w - 1 - x});
    }

    private interface PixelMap {
        int[] target(int x, int y, int w, int h);
    }

    private static BufferedImage remap(BufferedImage src, boolean swap, PixelMap map) {
        int w = src.getWidth();
        int h = src.getHeight();
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] t = map.target(x, y, w, h);
                out.setRGB(t[0], t[1], src.getRGB(x, y));
            }
        }
        return out;
    }

    /** Adds an EXIF APP1 segment with TIFF tag 274 Orientation to a JPEG, leaving the image data untouched. */
    public static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        try {
            TiffOutputSet set = new TiffOutputSet();
            set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ExifRewriter().updateExifMetadataLossless(jpeg, out, set);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JPEG grown to exactly {@code totalBytes} by COM (comment) segments right after SOI. Decoders skip
     * comments, so the image and its faces are unchanged; only the size of the request grows.
     */
    public static byte[] paddedJpeg(byte[] jpeg, int totalBytes) {
        int remaining = totalBytes - jpeg.length;
        if (jpeg.length < 2 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG");
        }
        if (remaining < 4) {
            throw new IllegalArgumentException("cannot pad " + jpeg.length + " bytes to " + totalBytes);
        }
        int maxSegment = 2 + 65535; // marker + length field + payload
        int segments = (remaining + maxSegment - 1) / maxSegment;
        ByteBuffer out = ByteBuffer.allocate(totalBytes);
        out.put(jpeg, 0, 2);
        for (int i = 0; i < segments; i++) {
            int size = remaining / segments + (i < remaining % segments ? 1 : 0);
            out.put((byte) 0xFF).put((byte) 0xFE).putShort((short) (size - 2));
            byte[] payload = new byte[size - 4];
            Arrays.fill(payload, (byte) 'x');
            out.put(payload);
        }
        out.put(jpeg, 2, jpeg.length - 2);
        if (out.position() != totalBytes) {
            throw new IllegalStateException("padded to " + out.position() + " instead of " + totalBytes);
        }
        return out.array();
    }

    /**
     * A small, well-formed PNG whose IHDR declares {@code width × height} RGB pixels (valid CRCs, one IDAT with a
     * few compressed rows, IEND): a decompression bomb in miniature.
     */
    public static byte[] pngDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13);
        ihdr.putInt(width).putInt(height).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        pngChunk(out, "IHDR", ihdr.array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[64 * 1024]); // the start of the first rows: filter 0 and black pixels
        deflater.finish();
        byte[] buffer = new byte[1024];
        int n = deflater.deflate(buffer);
        deflater.end();
        pngChunk(out, "IDAT", Arrays.copyOf(buffer, n));
        pngChunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    /** Appends one PNG chunk: length, type, data and the CRC of type and data. */
    public static void pngChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer header = ByteBuffer.allocate(4).putInt(data.length);
        out.writeBytes(header.array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** Writes bytes to a file, creating parent folders. */
    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
