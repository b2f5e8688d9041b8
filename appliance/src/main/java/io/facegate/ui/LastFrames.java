package io.facegate.ui;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import io.facegate.camera.Camera;
import io.facegate.face.Face;

/**
 * Each camera's last examined frame: when it arrived, its size and its faces, and — only with {@code ui.preview} —
 * a reference to its JPEG, downscaled when a browser asks for it (so nothing is spent while nobody looks) and never
 * written anywhere. Fed by {@code Triggers}' detection listener on the cameras' detector threads.
 */
public final class LastFrames implements Consumer<Camera.Detected> {

    /** One examined frame; {@code jpeg} is null unless previews are on. */
    record Examined(long seq, Instant arrival, int width, int height, List<Face> faces, byte[] jpeg) {
    }

    /** A downscaled frame, made once per frame number. */
    private record Preview(long seq, byte[] jpeg) {
    }

    private final boolean preview;
    private final int previewWidth;
    private final Map<String, Examined> frames = new ConcurrentHashMap<>();
    private final Map<String, Preview> previews = new ConcurrentHashMap<>();

    public LastFrames(boolean preview, int previewWidth) {
        this.preview = preview;
        this.previewWidth = previewWidth;
    }

    public boolean preview() {
        return preview;
    }

    @Override
    public void accept(Camera.Detected d) {
        frames.put(d.camera(), new Examined(d.frame().seq(), d.frame().arrival(), d.result().width(),
                d.result().height(), d.result().faces(), preview ? d.frame().jpeg() : null));
    }

    /** What {@code GET /ui/frames} sends: whether previews are on, and each camera's last examined frame. */
    Map<String, Object> json() {
        Map<String, Object> cameras = new LinkedHashMap<>();
        frames.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Examined x = e.getValue();
            Map<String, Object> frame = new LinkedHashMap<>();
            frame.put("seq", x.seq());
            frame.put("time", x.arrival().toString());
            frame.put("width", x.width());
            frame.put("height", x.height());
            frame.put("faces", x.faces().stream().map(LastFrames::face).toList());
            cameras.put(e.getKey(), frame);
        });
        return Map.of("preview", preview, "cameras", cameras);
    }

    private static Map<String, Object> face(Face f) {
        Map<String, Object> box = new LinkedHashMap<>();
        box.put("left", f.box().left());
        box.put("top", f.box().top());
        box.put("width", f.box().width());
        box.put("height", f.box().height());
        return Map.of("score", f.score(), "box", box);
    }

    /** The last examined frame of {@code camera}, at most {@code previewWidth} wide, as a JPEG; empty when off. */
    Optional<byte[]> preview(String camera) throws IOException {
        Examined x = preview ? frames.get(camera) : null;
        if (x == null) {
            return Optional.empty();
        }
        Preview cached = previews.get(camera);
        if (cached != null && cached.seq() == x.seq()) {
            return Optional.of(cached.jpeg());
        }
        byte[] jpeg = downscale(x.jpeg());
        previews.put(camera, new Preview(x.seq(), jpeg));
        return Optional.of(jpeg);
    }

    /** Decodes and re-encodes in memory only (ImageIO's default stream cache would write a temporary file). */
    private byte[] downscale(byte[] jpeg) throws IOException {
        // ImageIO.read closes the stream it is given.
        BufferedImage frame = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg)));
        if (frame == null) {
            throw new IOException("the frame is not a readable JPEG");
        }
        int width = Math.min(previewWidth, frame.getWidth());
        int height = Math.max(1, Math.round((float) frame.getHeight() * width / frame.getWidth()));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(frame, 0, 0, width, height, null);
        g.dispose();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.8f);
            writer.write(null, new IIOImage(small, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
