package io.facegate.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.facegate.api.ApiBenchAccess;
import io.facegate.attributes.DefaultAttributes;
import io.facegate.detect.DetectionProfile;
import io.facegate.face.Face;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.decode.ImageDecoder;
import io.facegate.decode.ImageRejectedException;
import io.facegate.decode.RgbImage;
import io.facegate.detect.BlazeFace;
import io.facegate.detect.DetectBenchAccess;
import io.facegate.detect.DetectBenchAccess.Pass;
import io.facegate.detect.Detection;
import io.facegate.detect.FaceDetector;
import io.facegate.model.ModelRegistry;
import io.facegate.preprocess.ModelInput;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The DetectFaces request path, stage by stage, on one 640×480 JPEG with one face ({@link OneFacePhoto}), with the
 * detector as {@code application.yaml} configures it by default (read through {@link ConfigLoader}, as the service
 * does): one ONNX Runtime intra-op thread; the detector (blazeface-back-256) over the whole image, the near-face
 * detector (blazeface-front-128) over the whole image when one is configured, and, because 640 ≥ tile-above-pixels,
 * the detector over each tile of the tile-grid (3×3 in application.yaml at the time of writing: eleven passes per
 * request; the setup prints them).
 *
 * <p>The {@code sN_} benchmarks are the stages in request order and together make up {@code z_endToEnd}; each gets
 * exactly the input the previous stage produces for this image (computed once at setup). The {@code x_} benchmarks
 * are cross-checks: one pass of preprocess and inference (and the near-face pass's inference), the real
 * {@code RequestParser.parse} (stages 1 and 2 plus validation), and {@link FaceDetector#detect} (stages 4 to 6).
 *
 * <p>Run: {@code mvn -B -q -Pbench -DskipTests test-compile exec:exec -pl appliance} (see the {@code bench} profile in
 * appliance/pom.xml). Needs the models ({@code mvn -B -q -DskipTests package}) and the test photos
 * ({@code mvn -B -q -pl models-quantized package}); the folders come from the system properties
 * {@code facegate.test.models} and {@code facegate.test.photos}, as for the tests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DetectFacesBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelRegistry models;
    private DetectionProfile settings;
    private ImageDecoder decoder;
    private FaceDetector detector;
    private ApiBenchAccess api;

    // The input of every stage, as the previous stage produces it for this image.
    private byte[] body;
    /** The same request with {@code Attributes: ["ALL"]}. */
    private byte[] allBody;
    private String base64;
    private byte[] jpeg;
    private RgbImage image;
    private List<Pass> passes;
    /** Index of the near-face detector's pass in {@link #passes}, or -1 when none is configured. */
    private int nearPass;
    private List<ModelInput> inputs;
    private List<Map<String, float[]>> outputs;
    private List<Detection> detections;
    private List<Face> faces;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path modelsDir = folder("facegate.test.models", "models-quantized/target/models");
        Path photosDir = folder("facegate.test.photos", "models-quantized/target/test-photos");
        FacegateConfig config = ConfigLoader.fromKeys(Map.of(), modelsDir);
        settings = DetectionProfile.of(config.detector());
        models = ModelRegistry.load(config.models());
        decoder = new ImageDecoder(config.images().minSide(), config.images().maxPixels());
        BlazeFace blazeFace = new BlazeFace(models.detector());
        Optional<BlazeFace> nearFaces = models.nearDetector().map(BlazeFace::new);
        detector = new FaceDetector(blazeFace, nearFaces);
        api = new ApiBenchAccess(decoder, detector, settings, models.attributeModels()
                .map(m -> new io.facegate.attributes.FaceAnalyzer(m, io.facegate.attributes.Heads.load())));

        jpeg = OneFacePhoto.jpeg(photosDir);
        base64 = Base64.getEncoder().encodeToString(jpeg);
        ObjectNode request = JSON.createObjectNode();
        request.putObject("Image").put("Bytes", base64);
        request.putArray("Attributes").add("DEFAULT");
        body = JSON.writeValueAsBytes(request);
        request.putArray("Attributes").add("ALL");
        allBody = JSON.writeValueAsBytes(request);

        image = decoder.decode(jpeg);
        passes = DetectBenchAccess.passes(detector, image, settings);
        nearPass = nearFaces.isPresent() ? 1 : -1;
        inputs = new ArrayList<>();
        outputs = new ArrayList<>();
        for (Pass pass : passes) {
            ModelInput input = pass.net().prepare(image, pass.region());
            inputs.add(input);
            outputs.add(pass.net().infer(input));
        }
        detections = DetectBenchAccess.postprocess(detector, image, settings, inputs, outputs);
        faces = detections.stream().map(d -> DefaultAttributes.of(d, image)).toList();

        check(image.width() == OneFacePhoto.WIDTH && image.height() == OneFacePhoto.HEIGHT,
                "decoded " + image.width() + "x" + image.height());
        check(Arrays.equals(ApiBenchAccess.parseRequest(body), jpeg), "RequestParser returned other bytes");
        check(detections.size() == 1, "expected one face, found " + detections);
        check(detections.equals(detector.detect(image, settings)), "the staged postprocess differs from "
                + "FaceDetector.detect: " + detections + " vs " + detector.detect(image, settings));
        byte[] response = api.detectFaces(body);
        check(Arrays.equals(response, ApiBenchAccess.writeResponse(faces)), "the end-to-end response differs");

        Detection face = detections.getFirst();
        long tiles = passes.stream().filter(Pass::tile).count();
        System.out.printf("%nfixture: %dx%d JPEG of %d bytes (%d base64 chars, %d-byte request body) from %s;"
                        + " %d BlazeFace passes: %s whole image%s, %d tiles (tile-grid %d); %d intra-op thread(s);"
                        + " one face of %.0f px, score %.3f; response %d bytes: %s%n",
                image.width(), image.height(), jpeg.length, base64.length(), body.length, OneFacePhoto.SOURCE,
                passes.size(), config.models().detector(),
                config.models().nearDetector().map(near -> ", " + near + " whole image").orElse(""), tiles,
                settings.tileGrid(), config.models().intraOpThreads(), face.width(), face.score(), response.length,
                new String(response, StandardCharsets.UTF_8));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (models != null) {
            models.close();
        }
    }

    // ---- the stages, in request order ----

    /** {@code Image.Bytes} from base64 (inside RequestParser, after the JSON is read). */
    @Benchmark
    public byte[] s1_base64Decode() {
        return Base64.getDecoder().decode(base64);
    }

    /** The request body to a Jackson tree, with RequestParser's mapper settings. */
    @Benchmark
    public JsonNode s2_jsonParse() throws Exception {
        return ApiBenchAccess.readTree(body);
    }

    /** {@link ImageDecoder#decode}: sniff, header check, ImageIO JPEG decode, EXIF orientation, to RGB ints. */
    @Benchmark
    public RgbImage s3_imageDecode() throws ImageRejectedException {
        return decoder.decode(jpeg);
    }

    /** Letterbox of every pass (whole image, near-face pass, tiles) to its model's square input tensor. */
    @Benchmark
    public void s4_preprocessAllPasses(Blackhole bh) {
        for (Pass pass : passes) {
            bh.consume(pass.net().prepare(image, pass.region()));
        }
    }

    /** {@code OnnxModel.run} of every pass, output tensors copied out. */
    @Benchmark
    public void s5_inferenceAllPasses(Blackhole bh) {
        for (int i = 0; i < passes.size(); i++) {
            bh.consume(passes.get(i).net().infer(inputs.get(i)));
        }
    }

    /**
     * {@link BlazeFace#decode} of every pass, tile-edge filter, weighted NMS, box reshape, sort, threshold:
     * FaceDetector after inference.
     */
    @Benchmark
    public List<Detection> s6_postprocessMerge() {
        return DetectBenchAccess.postprocess(detector, image, settings, inputs, outputs);
    }

    /** {@link DefaultAttributes#of} of every face (landmarks, pose, quality), as DetectFacesOperation does. */
    @Benchmark
    public List<Face> s7_postprocessAttributes() {
        return detections.stream().map(d -> DefaultAttributes.of(d, image)).toList();
    }

    /** ResponseJson.detectFaces: the FaceDetails to the response body. */
    @Benchmark
    public byte[] s8_responseWrite() {
        return ApiBenchAccess.writeResponse(faces);
    }

    // ---- cross-checks ----

    /** One letterbox: the detector's, of the whole image. */
    @Benchmark
    public ModelInput x_preprocessOnePass() {
        return passes.getFirst().net().prepare(image, passes.getFirst().region());
    }

    /** One inference: the detector's, of the whole image (every tile pass costs the same). */
    @Benchmark
    public Map<String, float[]> x_inferenceOnePass() {
        return passes.getFirst().net().infer(inputs.getFirst());
    }

    /** The near-face detector's inference of the whole image; nothing (null) when none is configured. */
    @Benchmark
    public Map<String, float[]> x_inferenceNearPass() {
        return nearPass < 0 ? null : passes.get(nearPass).net().infer(inputs.get(nearPass));
    }

    /** The real RequestParser.parse: JSON, validation, base64 (≈ s1 + s2). */
    @Benchmark
    public byte[] x_requestParse() {
        return ApiBenchAccess.parseRequest(body);
    }

    /** {@link FaceDetector#detect(RgbImage, DetectionProfile)} with tiling (≈ s4 + s5 + s6). */
    @Benchmark
    public List<Detection> x_detect() {
        return detector.detect(image, settings);
    }

    // ---- the whole path ----

    /**
     * Request body to response body, as RekognitionService does it without HTTP: parse, decode, detect, attributes,
     * JSON.
     */
    @Benchmark
    public byte[] z_endToEnd() {
        return api.detectFaces(body);
    }

    /**
     * {@link #z_endToEnd} with {@code Attributes: ["ALL"]}: adds facemesh, two iris crops, emotion and faceres per
     * face (needs {@code models.attributes: true}, the default).
     */
    @Benchmark
    public byte[] z_endToEndAll() {
        return api.detectFaces(allBody);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException("benchmark fixture: " + message);
        }
    }

    /** The folder named by a system property, else {@code relative} under the working folder or its parents. */
    private static Path folder(String property, String relative) {
        String value = System.getProperty(property);
        if (value != null && !value.isBlank()) {
            return Path.of(value);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException("set -D" + property + " or run from the facegate checkout (no " + relative
                + ")");
    }
}
