package io.facegate.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import io.facegate.decode.ImageDecoder;
import io.facegate.decode.ImageRejectedException;
import io.facegate.decode.RgbImage;

/**
 * The benchmark's request image, made at run time so no binary is committed: a 640×480 JPEG with one face, cut from
 * the face-api sample photo {@code sample1.jpg} (1920×1280, three people). The 800×600 region at (1120, 40) holds
 * only the woman on the right (her face is about 155 px there, 125 px after scaling); it is scaled by 0.8 and encoded
 * at JPEG quality 0.9 (about 37 KB). ImageIO writes a plain JFIF file: no EXIF block.
 */
final class OneFacePhoto {

    static final String SOURCE = "sample1.jpg";
    static final int CROP_X = 1120;
    static final int CROP_Y = 40;
    static final int CROP_WIDTH = 800;
    static final int CROP_HEIGHT = 600;
    static final int WIDTH = 640;
    static final int HEIGHT = 480;
    static final float QUALITY = 0.9f;

    private OneFacePhoto() {
    }

    /** The JPEG bytes, from {@code photosDir/sample1.jpg}. */
    static byte[] jpeg(Path photosDir) {
        Path source = photosDir.resolve(SOURCE);
        RgbImage photo;
        try {
            photo = new ImageDecoder(1, Long.MAX_VALUE).decode(Files.readAllBytes(source));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source + "; fetch the test photos with "
                    + "'mvn -B -q -pl models-quantized package' (without -DskipTests)", e);
        } catch (ImageRejectedException e) {
            throw new IllegalStateException(source + ": " + e.getMessage(), e);
        }
        BufferedImage full = new BufferedImage(photo.width(), photo.height(), BufferedImage.TYPE_INT_RGB);
        full.setRGB(0, 0, photo.width(), photo.height(), photo.pixels(), 0, photo.width());
        BufferedImage out = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(full.getSubimage(CROP_X, CROP_Y, CROP_WIDTH, CROP_HEIGHT), 0, 0, WIDTH, HEIGHT, null);
        g.dispose();
        return encode(out);
    }

    private static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(QUALITY);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
