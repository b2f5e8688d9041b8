package io.facegate.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Camera frames made in code, as the camera tests make them (appliance/src/test/.../it/CameraRig.java) at any size:
 * a face-free room (gradient wall, floor, a door) and the one-face crop of sample3.jpg (x 960..1420, y 120..620: the
 * middle woman, no other face in it) centred on grey, 7/8 of the frame's height tall as in the tests' 640×480 frame.
 */
final class Scenes {

    private static final int CROP_X = 960;
    private static final int CROP_Y = 120;
    private static final int CROP_W = 460;
    private static final int CROP_H = 500;

    private final BufferedImage oneFace;

    private Scenes(BufferedImage oneFace) {
        this.oneFace = oneFace;
    }

    static Scenes from(List<Path> photos) {
        Path sample3 = photos.stream().filter(p -> p.getFileName().toString().equals("sample3.jpg")).findFirst()
                .orElseThrow(() -> new BenchException("sample3.jpg is missing among the test photos: fetch them with "
                        + BenchSetup.PHOTOS));
        try {
            BufferedImage photo = ImageIO.read(sample3.toFile());
            return new Scenes(photo.getSubimage(CROP_X, CROP_Y, CROP_W, CROP_H));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    BufferedImage face(int width, int height) {
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, width, height);
        int h = height * 7 / 8;
        int w = CROP_W * h / CROP_H;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(oneFace, (width - w) / 2, (height - h) / 2, w, h, null);
        g.dispose();
        return frame;
    }

    /** The tests' empty room, drawn on a 640×480 plan scaled to the frame. */
    static BufferedImage empty(int width, int height) {
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = frame.createGraphics();
        g.scale(width / 640.0, height / 480.0);
        g.setPaint(new GradientPaint(0, 0, new Color(200, 190, 170), 640, 480, new Color(120, 110, 100)));
        g.fillRect(0, 0, 640, 480);
        g.setColor(new Color(90, 70, 50));
        g.fillRect(0, 380, 640, 100);
        g.setColor(new Color(140, 100, 60));
        g.fillRect(240, 80, 160, 300);
        g.setColor(new Color(60, 60, 60));
        g.fillOval(370, 230, 14, 14);
        g.dispose();
        return frame;
    }

    /** Baseline JPEG, quality 0.92, as the tests write their frames (ffmpeg re-encodes them at -q:v 5). */
    static byte[] jpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.92f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code frame0000.jpg, frame0001.jpg, …} into a new folder {@code dir}: {@code true} in {@code faces} is
     * the face frame, {@code false} the empty one (each encoded once, the files hard-linked).
     */
    static Path sequence(Path dir, List<Boolean> faces, byte[] faceJpeg, byte[] emptyJpeg) {
        try {
            if (Files.exists(dir)) {
                try (var old = Files.list(dir)) {
                    for (Path p : old.toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            Path face = Files.write(dir.resolve("face.jpeg"), faceJpeg);
            Path empty = Files.write(dir.resolve("empty.jpeg"), emptyJpeg);
            for (int i = 0; i < faces.size(); i++) {
                Path frame = dir.resolve(String.format("frame%04d.jpg", i));
                Path source = faces.get(i) ? face : empty;
                try {
                    Files.createLink(frame, source);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(source, frame);
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
