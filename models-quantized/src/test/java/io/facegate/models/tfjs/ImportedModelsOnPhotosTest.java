package io.facegate.models.tfjs;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The imported detector and face mesh on real photos (npm {@code @vladmandic/face-api} demo samples, fetched by the
 * build): the full-range detector finds a face in each photo, facemesh on the detector's crop says "face" and puts
 * its points around the crop centre, and the mesh of the mirrored crop is the mirror of the mesh.
 */
class ImportedModelsOnPhotosTest {

    private static final Path MODELS = Path.of("target/models");
    private static final Path PHOTOS = Path.of("target/test-photos");
    private static final int DETECTOR = 192;
    private static final int GRID = 48;

    private static OrtEnvironment env;
    private static OrtSession detector;
    private static OrtSession mesh;

    @BeforeAll
    static void load() throws OrtException {
        env = OrtEnvironment.getEnvironment();
        detector = env.createSession(MODELS.resolve("facemesh-detection-full/model.onnx").toString(), new OrtSession.SessionOptions());
        mesh = env.createSession(MODELS.resolve("facemesh/model.onnx").toString(), new OrtSession.SessionOptions());
    }

    @AfterAll
    static void close() throws OrtException {
        detector.close();
        mesh.close();
    }

    @TestFactory
    Stream<DynamicTest> detectorAndMeshAgreeOnRealFaces() throws Exception {
        List<Path> photos;
        try (Stream<Path> s = Files.list(PHOTOS)) {
            photos = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        assertEquals(6, photos.size(), "the six face-api demo photos");
        return photos.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(ImageIO.read(p.toFile()))));
    }

    private static void check(BufferedImage photo) throws OrtException {
        double scale = (double) DETECTOR / Math.max(photo.getWidth(), photo.getHeight());
        double padX = (DETECTOR - photo.getWidth() * scale) / 2, padY = (DETECTOR - photo.getHeight() * scale) / 2;
        float[] in = pixels(photo, -padX / scale, -padY / scale, DETECTOR / scale, DETECTOR, 1 / 127.5f, -1f);
        float[] face = run(detector, in, DETECTOR, "face");
        int best = 0;
        for (int a = 1; a < GRID * GRID; a++) {
            if (face[a * 17] > face[best * 17]) {
                best = a;
            }
        }
        double score = 1 / (1 + Math.exp(-face[best * 17]));
        assertTrue(score > 0.5, "detector score " + score);
        double cx = ((best % GRID) + 0.5) * DETECTOR / GRID + face[best * 17 + 1];
        double cy = ((best / GRID) + 0.5) * DETECTOR / GRID + face[best * 17 + 2];
        double side = 1.5 * Math.max(face[best * 17 + 3], face[best * 17 + 4]) / scale;
        double x0 = (cx - padX) / scale - side / 2, y0 = (cy - padY) / scale - side / 2;

        float[] onFace = run(mesh, pixels(photo, x0, y0, side, DETECTOR, 1 / 255f, 0f), DETECTOR, "faceflag");
        float[] points = run(mesh, pixels(photo, x0, y0, side, DETECTOR, 1 / 255f, 0f), DETECTOR, "mesh");
        assertTrue(onFace[0] > 0.5, "faceflag on the detected face " + onFace[0]);
        double mx = 0, my = 0;
        for (int i = 0; i < 468; i++) {
            mx += points[3 * i] / 468;
            my += points[3 * i + 1] / 468;
        }
        assertTrue(Math.abs(mx - 96) < 32 && Math.abs(my - 96) < 32, "mesh centre " + mx + ", " + my);

        float[] mirrored = run(mesh, mirror(pixels(photo, x0, y0, side, DETECTOR, 1 / 255f, 0f), DETECTOR), DETECTOR, "mesh");
        double mmx = 0, mmy = 0;
        for (int i = 0; i < 468; i++) {
            mmx += mirrored[3 * i] / 468;
            mmy += mirrored[3 * i + 1] / 468;
        }
        System.out.printf("photo %dx%d: detector %.3f, faceflag %.3f, mesh centre (%.1f, %.1f), mirrored (%.1f, %.1f)%n",
                photo.getWidth(), photo.getHeight(), score, onFace[0], mx, my, mmx, mmy);
        assertTrue(Math.abs(mmx - (DETECTOR - mx)) < 6 && Math.abs(mmy - my) < 6,
                "mirrored crop: mesh centre " + mmx + ", " + mmy + " vs " + (DETECTOR - mx) + ", " + my);
    }

    private static float[] mirror(float[] hwc, int size) {
        float[] out = new float[hwc.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                System.arraycopy(hwc, (y * size + x) * 3, out, (y * size + size - 1 - x) * 3, 3);
            }
        }
        return out;
    }

    /** The square (x0, y0, side) of the photo (black outside it) resized to size², RGB, as v * mul + add. */
    private static float[] pixels(BufferedImage photo, double x0, double y0, double side, int size, float mul, float add) {
        BufferedImage crop = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = crop.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        double s = size / side;
        g.drawImage(photo, (int) Math.round(-x0 * s), (int) Math.round(-y0 * s),
                (int) Math.round(photo.getWidth() * s), (int) Math.round(photo.getHeight() * s), null);
        g.dispose();
        float[] out = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int rgb = crop.getRGB(x, y);
                int i = (y * size + x) * 3;
                out[i] = (rgb >> 16 & 255) * mul + add;
                out[i + 1] = (rgb >> 8 & 255) * mul + add;
                out[i + 2] = (rgb & 255) * mul + add;
            }
        }
        return out;
    }

    private static float[] run(OrtSession session, float[] input, int size, String output) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, size, size, 3});
             OrtSession.Result r = session.run(Map.of("input", t))) {
            FloatBuffer b = ((OnnxTensor) r.get(output).orElseThrow()).getFloatBuffer();
            float[] out = new float[b.remaining()];
            b.get(out);
            return out;
        }
    }
}
