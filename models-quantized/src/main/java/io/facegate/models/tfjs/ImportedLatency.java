package io.facegate.models.tfjs;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.models.onnx.Onnx.ModelProto;

/**
 * Prints, per imported tfjs model: its Transpose nodes as written and after ONNX Runtime's optimiser (all
 * optimisations, which cancel the NHWC/NCHW pairs between layers), and its fp32 latency with 1 intra-op thread on
 * a pseudo-random input in the manifest's range: 30 warm-up runs, then the median and 90th percentile of
 * {@code RUNS} runs.
 *
 * <p>Usage: {@code ImportedLatency MODELS_DIR [RUNS]}.
 */
public final class ImportedLatency {

    private ImportedLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.printf("%-24s %10s %12s %10s %10s%n", "model", "transposes", "after ORT", "median ms", "p90 ms");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
            if (manifest.path("tfjs").isMissingNode()) {
                continue;
            }
            JsonNode in = manifest.path("input");
            long[] shape = new long[in.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.path("shape").get(i).asLong();
            }
            float[] input = Lcg32.uniform(Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b)), 0, 1, 1);
            Path file = dir.resolve(manifest.path("files").path("fp32").path("file").asText());
            Path optimised = Files.createTempFile("facegate-ort-optimised", ".onnx");
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                options.setOptimizedModelFilePath(optimised.toString());
                try (OrtSession session = env.createSession(file.toString(), options)) {
                    double[] ms = new double[runs];
                    for (int i = -30; i < runs; i++) {
                        long t0 = System.nanoTime();
                        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                             OrtSession.Result r = session.run(Map.of(in.path("name").asText(), t))) {
                            if (i >= 0) {
                                ms[i] = (System.nanoTime() - t0) / 1e6;
                            }
                        }
                    }
                    Arrays.sort(ms);
                    System.out.printf("%-24s %10d %12d %10.2f %10.2f%n", dir.getFileName(), transposes(file), transposes(optimised),
                            ms[runs / 2], ms[runs * 9 / 10]);
                }
            } finally {
                Files.deleteIfExists(optimised);
            }
        }
    }

    private static long transposes(Path onnx) throws Exception {
        return ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Transpose")).count();
    }
}
