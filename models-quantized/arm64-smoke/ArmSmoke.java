import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/**
 * arm64 smoke run of the detector files (see run.sh): on the x86 host with {@code write}, letterboxes a photo into
 * the models' inputs, stores them and the x86 outputs; under qemu-aarch64 with {@code compare}, runs the same files
 * with ONNX Runtime's linux-aarch64 native on the stored inputs and prints the largest difference per output.
 * Compiled with --release 17 (Debian bookworm's arm64 JDK).
 *
 * <p>Usage: {@code ArmSmoke write|compare MODELS_DIR WORK_DIR [PHOTO]}.
 */
public final class ArmSmoke {

    private static final String[][] FILES = {
        {"blazeface-back-256", "256"}, {"blazeface-front-128", "128"}};
    private static final String[] VARIANTS = {"model.onnx", "model.int8-arm64.onnx", "model.int8-x86-64.onnx"};

    public static void main(String[] args) throws Exception {
        boolean write = args[0].equals("write");
        Path models = Path.of(args[1]);
        Path work = Path.of(args[2]);
        Files.createDirectories(work);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.println("os.arch " + System.getProperty("os.arch") + ", ONNX Runtime " + env.getVersion());
        boolean ok = true;
        for (String[] model : FILES) {
            int size = Integer.parseInt(model[1]);
            Path inputFile = work.resolve(model[0] + ".input");
            float[] input = write ? letterbox(ImageIO.read(Path.of(args[3]).toFile()), size) : read(inputFile, size * size * 3);
            if (write) {
                save(inputFile, input);
            }
            for (String variant : VARIANTS) {
                Map<String, float[]> out = run(env, models.resolve(model[0]).resolve(variant), input, size);
                Path ref = work.resolve(model[0] + "." + variant + ".x86");
                if (write) {
                    try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(ref))) {
                        for (var e : out.entrySet()) {
                            o.writeUTF(e.getKey());
                            o.writeInt(e.getValue().length);
                            for (float v : e.getValue()) {
                                o.writeFloat(v);
                            }
                        }
                    }
                    continue;
                }
                Map<String, float[]> x86 = new TreeMap<>();
                try (DataInputStream in = new DataInputStream(Files.newInputStream(ref))) {
                    for (int k = 0; k < out.size(); k++) {
                        String name = in.readUTF();
                        float[] v = new float[in.readInt()];
                        for (int i = 0; i < v.length; i++) {
                            v[i] = in.readFloat();
                        }
                        x86.put(name, v);
                    }
                }
                double worstScore = 0;
                double worstFaceBox = 0;
                int faces = 0;
                // Identity/Identity_2 are the 16x16 anchors' scores/offsets, Identity_1/Identity_3 the 8x8 ones.
                for (String[] head : new String[][] {{"Identity:0", "Identity_2:0"}, {"Identity_1:0", "Identity_3:0"}}) {
                    float[] sx = x86.get(head[0]);
                    float[] sa = out.get(head[0]);
                    float[] bx = x86.get(head[1]);
                    float[] ba = out.get(head[1]);
                    for (int i = 0; i < sx.length; i++) {
                        worstScore = Math.max(worstScore, Math.abs(sigmoid(sa[i]) - sigmoid(sx[i])));
                        if (sigmoid(sx[i]) >= 0.5) {
                            faces++;
                            for (int j = 0; j < 16; j++) {
                                worstFaceBox = Math.max(worstFaceBox, Math.abs(ba[i * 16 + j] - bx[i * 16 + j]));
                            }
                        }
                    }
                }
                boolean pass = worstScore <= 0.1 && worstFaceBox <= 0.02 * size;
                ok &= pass;
                System.out.printf("%-20s %-24s max |score arm64 - x86| %.2g; %d anchors >= 0.5 on x86, their box/keypoint offsets differ by <= %.2f px of %d %s%n",
                        model[0], variant, worstScore, faces, worstFaceBox, size, pass ? "OK" : "DIFFERS");
            }
        }
        if (!write && !ok) {
            System.exit(1);
        }
    }

    private static double sigmoid(float x) {
        return 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));
    }

    private static Map<String, float[]> run(OrtEnvironment env, Path file, float[] input, int size) throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(file.toString(), options);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, size, size, 3});
                 OrtSession.Result r = session.run(Map.of("input:0", t))) {
                Map<String, float[]> out = new TreeMap<>();
                for (var e : r) {
                    FloatBuffer b = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] v = new float[b.remaining()];
                    b.get(v);
                    out.put(e.getKey(), v);
                }
                return out;
            }
        }
    }

    /** Whole photo, centred with black bars, nearest source pixel per input pixel, pixel/127.5 - 1. */
    private static float[] letterbox(BufferedImage image, int size) {
        float[] t = new float[size * size * 3];
        java.util.Arrays.fill(t, -1f);
        double scale = (double) size / Math.max(image.getWidth(), image.getHeight());
        int padX = (int) ((size - image.getWidth() * scale) / 2);
        int padY = (int) ((size - image.getHeight() * scale) / 2);
        for (int y = padY; y < size - padY; y++) {
            for (int x = padX; x < size - padX; x++) {
                int sx = Math.min(image.getWidth() - 1, (int) ((x - padX + 0.5) / scale));
                int sy = Math.min(image.getHeight() - 1, (int) ((y - padY + 0.5) / scale));
                int p = image.getRGB(sx, sy);
                int at = (y * size + x) * 3;
                t[at] = (p >> 16 & 0xFF) / 127.5f - 1;
                t[at + 1] = (p >> 8 & 0xFF) / 127.5f - 1;
                t[at + 2] = (p & 0xFF) / 127.5f - 1;
            }
        }
        return t;
    }

    private static void save(Path file, float[] v) throws IOException {
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
            for (float f : v) {
                o.writeFloat(f);
            }
        }
    }

    private static float[] read(Path file, int n) throws IOException {
        float[] v = new float[n];
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            for (int i = 0; i < n; i++) {
                v[i] = in.readFloat();
            }
        }
        return v;
    }
}
