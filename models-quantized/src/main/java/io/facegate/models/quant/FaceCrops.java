package io.facegate.models.quant;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Calibration inputs for the face-crop models, cut from the calibration photos where {@code calibration-faces.json}
 * says the faces are, the way the appliance cuts them: a square turned by the eye-line angle, bilinear, black
 * outside the photo. A recipe's {@code crop} names the region ({@code face}: the detector box side × {@code scale},
 * optionally its {@code sub} square [x0, y0, x1, y1] in fractions as gear wants; {@code eyes}: each eye's corner
 * distance × {@code scale}, the subject's left eye mirrored as iris wants) and the values ({@code unit} 0..1,
 * {@code byte} 0..255, {@code gray-signed} luma in −1..1). Each crop is also taken at 0.9× and 1.15× its size, and
 * face crops also mirrored, so calibration sees the spread a real detector gives.
 */
public final class FaceCrops {

    private static final double[] JITTER = {0.9, 1.0, 1.15};

    private record Square(double cx, double cy, double size, double angle, boolean mirrored) {
    }

    private FaceCrops() {
    }

    public static List<float[]> inputs(Path facesJson, Path photos, JsonNode crop, int side) throws IOException {
        String region = crop.path("region").asText();
        String values = crop.path("values").asText();
        if (!region.equals("face") && !region.equals("eyes")) {
            throw new IllegalArgumentException("crop.region must be face or eyes, not '" + region + "'");
        }
        if (!List.of("unit", "byte", "gray-signed").contains(values)) {
            throw new IllegalArgumentException("crop.values must be unit, byte or gray-signed, not '" + values + "'");
        }
        double scale = crop.path("scale").asDouble(1);
        JsonNode sub = crop.path("sub");
        Map<String, BufferedImage> images = new HashMap<>();
        List<float[]> out = new ArrayList<>();
        for (JsonNode face : new ObjectMapper().readTree(facesJson.toFile()).path("faces")) {
            String photo = face.path("photo").asText();
            BufferedImage image = images.get(photo);
            if (image == null) {
                image = ImageIO.read(photos.resolve(photo).toFile());
                if (image == null) {
                    throw new IOException("cannot decode calibration photo " + photos.resolve(photo));
                }
                images.put(photo, image);
            }
            double angle = face.path("angle").asDouble();
            List<Square> squares = new ArrayList<>();
            if (region.equals("face")) {
                Square box = new Square(face.path("centre").get(0).asDouble(), face.path("centre").get(1).asDouble(),
                        scale * face.path("side").asDouble(), angle, false);
                if (!sub.isMissingNode()) {
                    box = sub(box, sub.get(0).asDouble(), sub.get(1).asDouble(), sub.get(2).asDouble(), sub.get(3).asDouble());
                }
                squares.add(box);
                squares.add(new Square(box.cx, box.cy, box.size, box.angle, true));
            } else {
                JsonNode c = face.path("eyeCorners");
                squares.add(eye(c, 0, scale, angle, false));
                squares.add(eye(c, 4, scale, angle, true));
            }
            for (Square s : squares) {
                for (double j : JITTER) {
                    out.add(tensor(image, new Square(s.cx, s.cy, s.size * j, s.angle, s.mirrored), side, values));
                }
            }
        }
        return out;
    }

    private static Square eye(JsonNode c, int at, double scale, double angle, boolean mirrored) {
        double ax = c.get(at).asDouble();
        double ay = c.get(at + 1).asDouble();
        double bx = c.get(at + 2).asDouble();
        double by = c.get(at + 3).asDouble();
        return new Square((ax + bx) / 2, (ay + by) / 2, scale * Math.max(Math.hypot(bx - ax, by - ay), 1), angle, mirrored);
    }

    private static Square sub(Square s, double x0, double y0, double x1, double y1) {
        double a = ((x0 + x1) / 2 - 0.5) * s.size;
        double b = ((y0 + y1) / 2 - 0.5) * s.size;
        double cos = Math.cos(s.angle);
        double sin = Math.sin(s.angle);
        return new Square(s.cx + a * cos - b * sin, s.cy + a * sin + b * cos, Math.max(x1 - x0, y1 - y0) * s.size,
                s.angle, s.mirrored);
    }

    private static float[] tensor(BufferedImage image, Square s, int side, String values) {
        int channels = values.equals("gray-signed") ? 1 : 3;
        float[] out = new float[side * side * channels];
        double cos = Math.cos(s.angle);
        double sin = Math.sin(s.angle);
        double[] rgb = new double[3];
        for (int v = 0; v < side; v++) {
            for (int u = 0; u < side; u++) {
                double a = ((u + 0.5) / side - 0.5) * s.size * (s.mirrored ? -1 : 1);
                double b = ((v + 0.5) / side - 0.5) * s.size;
                sample(image, s.cx + a * cos - b * sin - 0.5, s.cy + a * sin + b * cos - 0.5, rgb);
                int i = (v * side + u) * channels;
                switch (values) {
                    case "unit" -> {
                        for (int c = 0; c < 3; c++) {
                            out[i + c] = (float) (rgb[c] / 255);
                        }
                    }
                    case "byte" -> {
                        for (int c = 0; c < 3; c++) {
                            out[i + c] = (float) rgb[c];
                        }
                    }
                    default -> out[i] = (float) (((0.2989 * rgb[0] + 0.5870 * rgb[1] + 0.1140 * rgb[2]) / 255 - 0.5) * 2);
                }
            }
        }
        return out;
    }

    private static void sample(BufferedImage image, double x, double y, double[] rgb) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        java.util.Arrays.fill(rgb, 0);
        add(image, x0, y0, (1 - fx) * (1 - fy), rgb);
        add(image, x0 + 1, y0, fx * (1 - fy), rgb);
        add(image, x0, y0 + 1, (1 - fx) * fy, rgb);
        add(image, x0 + 1, y0 + 1, fx * fy, rgb);
    }

    private static void add(BufferedImage image, int x, int y, double weight, double[] rgb) {
        if (weight == 0 || x < 0 || y < 0 || x >= image.getWidth() || y >= image.getHeight()) {
            return;
        }
        int p = image.getRGB(x, y);
        rgb[0] += weight * ((p >> 16) & 0xff);
        rgb[1] += weight * ((p >> 8) & 0xff);
        rgb[2] += weight * (p & 0xff);
    }
}
