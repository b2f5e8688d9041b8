package io.facegate.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.facegate.attributes.DefaultAttributes;
import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.Heads;
import io.facegate.attributes.Measurements;
import io.facegate.attributes.Member;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.decode.RgbImage;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.Detection;
import io.facegate.detect.DetectionProfile;
import io.facegate.detect.FaceDetector;
import io.facegate.face.Face;
import io.facegate.face.FaceAttributes;
import io.facegate.face.FaceAttributes.Verdict;
import io.facegate.model.AttributeModels;
import io.facegate.model.ModelRegistry;
import io.facegate.model.OnnxModel;

/**
 * int8 against fp32 for each face-crop model, on the same crops of faces the service finds in photos that took no
 * part in calibration: landmark models by mean point distance over the fp32 inter-ocular distance (the eye centres of
 * the fp32 mesh), classifiers by agreement of the decision and the largest probability difference, and the ALL
 * response itself by agreement of every boolean member. facemesh, emotion and faceres are compared inside the service
 * pipeline with all four attribute models int8 (their crops depend on the detection only); iris with only iris int8
 * (its crops come from the mesh). Usage: {@code Int8Eval FOLDER...} ({@code bin/eval-int8}); at most
 * {@code -Dfacegate.int8eval.images} (400) images per folder, sorted by name; {@code -Dmodels.int8-variant} picks
 * the int8 files as for the service. A variant whose manifest entry says {@code "use": "fp32"} compares fp32 with
 * itself.
 */
public final class Int8Eval {

    private static final String[] MODELS = {"facemesh", "iris", "emotion", "faceres", "gear", "antispoof", "liveness"};
    private static final int RIGHT_EYE_OUTER = 33;
    private static final int RIGHT_EYE_INNER = 133;
    private static final int LEFT_EYE_INNER = 362;
    private static final int LEFT_EYE_OUTER = 263;

    /** Running mean and maximum of one figure. */
    private static final class Stat {
        private double sum;
        private double max;
        private int n;

        void add(double v) {
            sum += v;
            max = Math.max(max, v);
            n++;
        }

        double mean() {
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    private final Map<String, Stat> stats = new LinkedHashMap<>();

    private Stat stat(String name) {
        return stats.computeIfAbsent(name, k -> new Stat());
    }

    private Int8Eval() {
    }

    public static void main(String[] args) throws Exception {
        int limit = Integer.getInteger("facegate.int8eval.images", 400);
        List<Path> images = new ArrayList<>();
        for (String folder : args) {
            if (!Files.isDirectory(Path.of(folder))) {
                System.out.println("skipped: no " + folder + " (evaluation data is not present on this machine)");
                continue;
            }
            try (Stream<Path> files = Files.walk(Path.of(folder))) {
                files.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png)$")).sorted().limit(limit).forEach(images::add);
            }
        }
        if (images.isEmpty()) {
            return;
        }
        FacegateConfig config = ConfigLoader.load(null, Path.of("appliance/target/models"));
        String variant = config.models().int8Variant();
        String int8 = "int8-" + (variant.equals("auto") ? FacegateConfig.Models.int8VariantFor(System.getProperty("os.arch", ""))
                : variant);
        Path dir = config.models().dir();
        Map<String, ModelRegistry> fp32 = new LinkedHashMap<>();
        Map<String, ModelRegistry> quantized = new LinkedHashMap<>();
        try (ModelRegistry detectors = ModelRegistry.load(config.models())) {
            for (String name : MODELS) {
                fp32.put(name, ModelRegistry.load(dir, name, Optional.empty(), 1, "fp32"));
                quantized.put(name, ModelRegistry.load(dir, name, Optional.empty(), 1, int8));
            }
            FaceDetector detector = new FaceDetector(new BlazeFace(detectors.detector()),
                    detectors.nearDetector().map(BlazeFace::new));
            Int8Eval eval = new Int8Eval();
            eval.run(images, detector, DetectionProfile.of(config.detector()), fp32, quantized, new ImageDecoder(1, config.images().maxPixels()));
            System.out.printf(Locale.ROOT, "int8 (%s) vs fp32 on %d images, ONNX Runtime, same crops%n", int8, images.size());
            eval.stats.forEach((name, s) -> System.out.printf(Locale.ROOT, "  %-44s mean %8.4f   max %8.4f   (n %d)%n",
                    name, s.mean(), s.max, s.n));
        } finally {
            fp32.values().forEach(ModelRegistry::close);
            quantized.values().forEach(ModelRegistry::close);
        }
    }

    private void run(List<Path> images, FaceDetector detector, DetectionProfile profile, Map<String, ModelRegistry> fp32,
                     Map<String, ModelRegistry> quantized, ImageDecoder decoder) throws Exception {
        Heads heads = Heads.load();
        FaceAnalyzer reference = analyzer(fp32, fp32, heads);
        FaceAnalyzer allInt8 = analyzer(quantized, quantized, heads);
        FaceAnalyzer irisInt8 = analyzer(fp32, quantized, heads);
        FaceAnalyzer.Needs all = new FaceAnalyzer.Needs(true, true, true, true);
        for (Path file : images) {
            RgbImage image = decoder.decode(Files.readAllBytes(file));
            for (Detection d : detector.detect(image, profile)) {
                Measurements a = reference.measure(d, image, all);
                Measurements b = allInt8.measure(d, image, all);
                Measurements iris = irisInt8.measure(d, image, all);
                double iod = interOcular(a.meshPoints());
                stat("facemesh: point error / IOD").add(pointError(a.meshPoints(), b.meshPoints()) / iod);
                double[] p = a.pupils();
                double[] q = iris.pupils();
                stat("iris: pupil error / IOD").add((Math.hypot(p[0] - q[0], p[1] - q[1])
                        + Math.hypot(p[2] - q[2], p[3] - q[3])) / 2 / iod);
                float[] ea = a.emotion().orElseThrow();
                float[] eb = b.emotion().orElseThrow();
                stat("emotion: top class disagrees").add(argmax(ea) == argmax(eb) ? 0 : 1);
                stat("emotion: max probability difference").add(maxDiff(ea, eb));
                stat("faceres: gender disagrees").add((a.male() > 0.5) == (b.male() > 0.5) ? 0 : 1);
                stat("faceres: gender probability difference").add(Math.abs(a.male() - b.male()));
                stat("faceres: mean age difference (years)").add(Math.abs(a.age() - b.age()));
                stat("faceres: 1 - descriptor cosine").add(1 - cosine(a.descriptor().orElseThrow(), b.descriptor().orElseThrow()));
                compareGear(d, image, fp32.get("gear").detector(), quantized.get("gear").detector());
                compareUnit("antispoof", d, image, fp32.get("antispoof").detector(), quantized.get("antispoof").detector());
                compareUnit("liveness", d, image, fp32.get("liveness").detector(), quantized.get("liveness").detector());
                Face base = DefaultAttributes.of(d, image);
                Face x = reference.describe(base, image, EnumSet.allOf(Member.class), true, a);
                Face y = allInt8.describe(base, image, EnumSet.allOf(Member.class), true, b);
                compareResponse(x, y);
            }
        }
    }

    private static FaceAnalyzer analyzer(Map<String, ModelRegistry> mesh, Map<String, ModelRegistry> iris, Heads heads) {
        return new FaceAnalyzer(new AttributeModels(mesh.get("facemesh").detector(), iris.get("iris").detector(),
                mesh.get("emotion").detector(), mesh.get("faceres").detector()), heads);
    }

    private void compareGear(Detection d, RgbImage image, OnnxModel a, OnnxModel b) {
        float[] input = FaceAnalyzer.gearInput(d, image, a.inputSize());
        Map<String, float[]> x = a.run(input);
        Map<String, float[]> y = b.run(input);
        stat("gear: age bin disagrees").add(argmax(x.get("age")) == argmax(y.get("age")) ? 0 : 1);
        stat("gear: gender disagrees").add(argmax(x.get("gender")) == argmax(y.get("gender")) ? 0 : 1);
        stat("gear: max probability difference").add(Math.max(maxDiff(x.get("age"), y.get("age")),
                maxDiff(x.get("gender"), y.get("gender"))));
    }

    private void compareUnit(String name, Detection d, RgbImage image, OnnxModel a, OnnxModel b) {
        float[] input = FaceAnalyzer.unitFaceInput(d, image, a.inputSize());
        float[] x = a.run(input).values().iterator().next();
        float[] y = b.run(input).values().iterator().next();
        boolean sameDecision = x.length == 1 ? (x[0] > 0.5) == (y[0] > 0.5) : argmax(x) == argmax(y);
        stat(name + ": decision disagrees").add(sameDecision ? 0 : 1);
        stat(name + ": max probability difference").add(maxDiff(x, y));
    }

    private void compareResponse(Face face, Face other) {
        FaceAttributes x = face.attributes();
        FaceAttributes y = other.attributes();
        flag("Smile", x.smile(), y.smile());
        flag("Eyeglasses", x.eyeglasses(), y.eyeglasses());
        flag("Sunglasses", x.sunglasses(), y.sunglasses());
        flag("Beard", x.beard(), y.beard());
        flag("Mustache", x.mustache(), y.mustache());
        flag("EyesOpen", x.eyesOpen(), y.eyesOpen());
        flag("MouthOpen", x.mouthOpen(), y.mouthOpen());
        flag("FaceOccluded", x.faceOccluded(), y.faceOccluded());
        stat("ALL response: Gender disagrees").add(x.gender().orElseThrow().value() == y.gender().orElseThrow().value() ? 0 : 1);
        stat("ALL response: top emotion disagrees").add(x.emotions().orElseThrow().getFirst().emotion()
                == y.emotions().orElseThrow().getFirst().emotion() ? 0 : 1);
        stat("ALL response: AgeRange.Low difference (years)").add(Math.abs(x.ageRange().orElseThrow().low()
                - y.ageRange().orElseThrow().low()));
        stat("ALL response: |Yaw| difference (degrees)").add(Math.abs(face.pose().yaw() - other.pose().yaw()));
    }

    private void flag(String name, Optional<Verdict> x, Optional<Verdict> y) {
        stat("ALL response: " + name + " disagrees").add(x.orElseThrow().value() == y.orElseThrow().value() ? 0 : 1);
    }

    private static double interOcular(double[][] m) {
        double rx = (m[RIGHT_EYE_OUTER][0] + m[RIGHT_EYE_INNER][0]) / 2;
        double ry = (m[RIGHT_EYE_OUTER][1] + m[RIGHT_EYE_INNER][1]) / 2;
        double lx = (m[LEFT_EYE_INNER][0] + m[LEFT_EYE_OUTER][0]) / 2;
        double ly = (m[LEFT_EYE_INNER][1] + m[LEFT_EYE_OUTER][1]) / 2;
        return Math.max(Math.hypot(lx - rx, ly - ry), 1);
    }

    private static double pointError(double[][] a, double[][] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]);
        }
        return sum / a.length;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double cosine(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
