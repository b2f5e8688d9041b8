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
 * arm64 smoke run of the model files (see run.sh): on the x86 host with {@code write}, makes each model's input from
 * a photo (the detectors: the photo letterboxed, BlazeFace's compared anchor by anchor; the face-crop models: a square around the face at CX, CY of side
 * SIDE, enlarged as the service enlarges it, or the image-left eye for iris), stores it and the x86 outputs; under
 * qemu-aarch64 with {@code compare}, runs the same files with ONNX Runtime's linux-aarch64 native on the stored
 * inputs and prints the largest difference per model. Compiled with --release 17 (Debian bookworm's arm64 JDK).
 *
 * <p>Usage: {@code ArmSmoke write MODELS_DIR WORK_DIR PHOTO CX CY SIDE} or {@code ArmSmoke compare MODELS_DIR WORK_DIR}.
 */
public final class ArmSmoke {

    private static final String[][] FILES = {
        {"blazeface-back-256", "256"}, {"blazeface-front-128", "128"}};
    private static final String[] VARIANTS = {"model.onnx", "model.int8-arm64.onnx", "model.int8-x86-64.onnx"};

    /**
     * A model fed a crop of the photo: its input side, its values, and its crop relative to the face box, or the whole
     * photo letterboxed ({@code whole}: the full-range detector, compared anchor by anchor).
     */
    private record CropModel(String name, int size, String values, double scale, double dx, double dy, boolean whole) {
        CropModel(String name, int size, String values, double scale, double dx, double dy) {
            this(name, size, values, scale, dx, dy, false);
        }
    }

    /**
     * The largest differences over a detector's anchors between this CPU and the host: every score (after sigmoid),
     * and the box and keypoint offsets of the anchors the host scores as faces. The score limit is 0.1, or what int8
     * itself moves a score from fp32 on the host if that is more.
     */
    private static final class Anchors {
        private double quantization;
        private double worstScore;
        private double worstFaceBox;
        private int faces;

        void add(float[] scores, float[] hostScores, float[] hostFp32Scores, int scoreStride, int scoreAt,
                 float[] offsets, float[] hostOffsets, int offsetStride, int offsetAt) {
            for (int a = 0; a * scoreStride < hostScores.length; a++) {
                int s = a * scoreStride + scoreAt;
                quantization = Math.max(quantization, Math.abs(sigmoid(hostScores[s]) - sigmoid(hostFp32Scores[s])));
                worstScore = Math.max(worstScore, Math.abs(sigmoid(scores[s]) - sigmoid(hostScores[s])));
                if (sigmoid(hostScores[s]) >= 0.5) {
                    faces++;
                    for (int j = 0; j < 16; j++) {
                        int o = a * offsetStride + offsetAt + j;
                        worstFaceBox = Math.max(worstFaceBox, Math.abs(offsets[o] - hostOffsets[o]));
                    }
                }
            }
        }

        boolean report(String model, String variant, int size) {
            boolean pass = worstScore <= Math.max(0.1, quantization) && worstFaceBox <= 0.02 * size;
            System.out.printf("%-24s %-24s max |score here - host| %.2g (host int8 vs fp32: %.2g); %d anchors >= 0.5 on the host, their box/keypoint offsets differ by <= %.2f px of %d %s%n",
                    model, variant, worstScore, quantization, faces, worstFaceBox, size, pass ? "OK" : "DIFFERS");
            return pass;
        }
    }

    private static final CropModel[] CROP_MODELS = {
        new CropModel("facemesh", 192, "unit", 1.4, 0, 0), new CropModel("iris", 64, "unit", 0.35, -0.2, -0.12),
        new CropModel("emotion", 64, "gray", 1.2, 0, 0), new CropModel("faceres", 224, "byte", 1.2, 0, 0),
        new CropModel("gear", 198, "unit", 0.96, 0, -0.06), new CropModel("antispoof", 128, "unit", 1.2, 0, 0),
        new CropModel("liveness", 32, "unit", 1.2, 0, 0),
        new CropModel("facemesh-detection-full", 192, "signed", 0, 0, 0, true)};

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
                Map<String, float[]> out = run(env, models.resolve(model[0]).resolve(variant), "input:0", input,
                        new long[] {1, size, size, 3});
                Path ref = work.resolve(model[0] + "." + variant + ".x86");
                if (write) {
                    store(ref, out);
                    continue;
                }
                Map<String, float[]> x86 = load(ref, out.size());
                Map<String, float[]> fp32 = load(work.resolve(model[0] + ".model.onnx.x86"), out.size());
                Anchors anchors = new Anchors();
                // Identity/Identity_2 are the 16x16 anchors' scores/offsets, Identity_1/Identity_3 the 8x8 ones.
                for (String[] head : new String[][] {{"Identity:0", "Identity_2:0"}, {"Identity_1:0", "Identity_3:0"}}) {
                    anchors.add(out.get(head[0]), x86.get(head[0]), fp32.get(head[0]), 1, 0,
                            out.get(head[1]), x86.get(head[1]), 16, 0);
                }
                ok &= anchors.report(model[0], variant, size);
            }
        }
        for (CropModel model : CROP_MODELS) {
            int channels = model.values().equals("gray") ? 1 : 3;
            int n = model.size() * model.size() * channels;
            Path inputFile = work.resolve(model.name() + ".input");
            float[] input;
            if (write) {
                BufferedImage photo = ImageIO.read(Path.of(args[3]).toFile());
                double side = Double.parseDouble(args[6]);
                input = model.whole()
                        ? crop(photo, photo.getWidth() / 2.0, photo.getHeight() / 2.0,
                                Math.max(photo.getWidth(), photo.getHeight()), model.size(), model.values())
                        : crop(photo, Double.parseDouble(args[4]) + model.dx() * side,
                                Double.parseDouble(args[5]) + model.dy() * side, model.scale() * side, model.size(),
                                model.values());
                save(inputFile, input);
            } else {
                input = read(inputFile, n);
            }
            long[] shape = {1, model.size(), model.size(), channels};
            for (String variant : VARIANTS) {
                if (!Files.exists(models.resolve(model.name()).resolve(variant))) {
                    System.out.printf("%-24s %-24s not built (its manifest says why)%n", model.name(), variant);
                    continue;
                }
                Map<String, float[]> out = run(env, models.resolve(model.name()).resolve(variant), "input", input, shape);
                Path ref = work.resolve(model.name() + "." + variant + ".x86");
                if (write) {
                    store(ref, out);
                    continue;
                }
                Map<String, float[]> x86 = load(ref, out.size());
                if (model.whole()) {
                    // The full-range detector: rows of [score logit, 16 offsets] per anchor.
                    Anchors anchors = new Anchors();
                    float[] fp32 = load(work.resolve(model.name() + ".model.onnx.x86"), out.size()).get("face");
                    anchors.add(out.get("face"), x86.get("face"), fp32, 17, 0, out.get("face"), x86.get("face"), 17, 1);
                    ok &= anchors.report(model.name(), variant, model.size());
                    continue;
                }
                // Tolerance relative to each output's scale: float noise for fp32, a few int8 steps for int8.
                double limit = variant.equals("model.onnx") ? 1e-4 : 0.05;
                double worst = 0;
                String worstOutput = "";
                for (var e : out.entrySet()) {
                    float[] ref86 = x86.get(e.getKey());
                    double scale = 1e-6;
                    double diff = 0;
                    for (int i = 0; i < ref86.length; i++) {
                        scale = Math.max(scale, Math.abs(ref86[i]));
                        diff = Math.max(diff, Math.abs(e.getValue()[i] - ref86[i]));
                    }
                    if (diff / scale > worst) {
                        worst = diff / scale;
                        worstOutput = e.getKey();
                    }
                }
                boolean pass = worst <= limit;
                ok &= pass;
                System.out.printf("%-20s %-24s max |here - host| / max |host| %.2g (output %s, limit %.0e) %s%n",
                        model.name(), variant, worst, worstOutput, limit, pass ? "OK" : "DIFFERS");
            }
        }
        if (!write && !ok) {
            System.exit(1);
        }
    }

    private static void store(Path file, Map<String, float[]> out) throws IOException {
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(file))) {
            for (var e : out.entrySet()) {
                o.writeUTF(e.getKey());
                o.writeInt(e.getValue().length);
                for (float v : e.getValue()) {
                    o.writeFloat(v);
                }
            }
        }
    }

    private static Map<String, float[]> load(Path file, int outputs) throws IOException {
        Map<String, float[]> x86 = new TreeMap<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            for (int k = 0; k < outputs; k++) {
                String name = in.readUTF();
                float[] v = new float[in.readInt()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readFloat();
                }
                x86.put(name, v);
            }
        }
        return x86;
    }

    /** An upright square of side {@code side} around (cx, cy), nearest source pixel, black outside the photo. */
    private static float[] crop(BufferedImage image, double cx, double cy, double side, int size, String values) {
        int channels = values.equals("gray") ? 1 : 3;
        float[] t = new float[size * size * channels];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int sx = (int) Math.floor(cx + ((x + 0.5) / size - 0.5) * side);
                int sy = (int) Math.floor(cy + ((y + 0.5) / size - 0.5) * side);
                int p = sx < 0 || sy < 0 || sx >= image.getWidth() || sy >= image.getHeight() ? 0 : image.getRGB(sx, sy);
                double r = p >> 16 & 0xFF;
                double g = p >> 8 & 0xFF;
                double b = p & 0xFF;
                int at = (y * size + x) * channels;
                switch (values) {
                    case "gray" -> t[at] = (float) (((0.2989 * r + 0.5870 * g + 0.1140 * b) / 255 - 0.5) * 2);
                    case "signed" -> {
                        t[at] = (float) (r / 127.5 - 1);
                        t[at + 1] = (float) (g / 127.5 - 1);
                        t[at + 2] = (float) (b / 127.5 - 1);
                    }
                    case "byte" -> {
                        t[at] = (float) r;
                        t[at + 1] = (float) g;
                        t[at + 2] = (float) b;
                    }
                    default -> {
                        t[at] = (float) (r / 255);
                        t[at + 1] = (float) (g / 255);
                        t[at + 2] = (float) (b / 255);
                    }
                }
            }
        }
        return t;
    }

    private static double sigmoid(float x) {
        return 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, x))));
    }

    private static Map<String, float[]> run(OrtEnvironment env, Path file, String inputName, float[] input, long[] shape)
            throws Exception {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(file.toString(), options);
                 OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                 OrtSession.Result r = session.run(Map.of(inputName, t))) {
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
