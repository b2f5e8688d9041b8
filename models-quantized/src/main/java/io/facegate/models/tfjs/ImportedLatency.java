package io.facegate.models.tfjs;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * optimisations, which cancel the NHWC/NCHW pairs between layers), and its fp32 and int8 (this CPU's variant)
 * latency with 1 intra-op thread on a pseudo-random input: 30 warm-up runs, then the median of {@code RUNS} runs.
 *
 * <p>Usage: {@code ImportedLatency MODELS_DIR [RUNS [arm64|x86-64]]}; the int8 variant defaults to this CPU's.
 */
public final class ImportedLatency {

    private ImportedLatency() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        String int8 = "int8-" + (args.length > 2 ? args[2]
                : System.getProperty("os.arch").equals("aarch64") ? "arm64" : "x86-64");
        System.out.printf("%-24s %10s %12s %15s %15s %9s%n", "model", "transposes", "after ORT", "fp32 median ms",
                int8 + " ms", "int8/fp32");
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
            try {
                double fp32 = median(file, Optional.of(optimised), in.path("name").asText(), shape, input, runs);
                JsonNode quantized = manifest.path("files").path(int8);
                double q = quantized.isMissingNode() || quantized.has("use") ? Double.NaN
                        : median(dir.resolve(quantized.path("file").asText()), Optional.empty(), in.path("name").asText(),
                                shape, input, runs);
                System.out.printf("%-24s %10d %12d %15.2f %15.2f %9.2f%n", dir.getFileName(), transposes(file),
                        transposes(optimised), fp32, q, q / fp32);
            } finally {
                Files.deleteIfExists(optimised);
            }
        }
    }

    /** Median ms of {@code runs} runs after 30 warm-up runs; writes ORT's optimised graph when asked. */
    private static double median(Path model, Optional<Path> optimised, String inputName, long[] shape, float[] input,
                                 int runs) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (optimised.isPresent()) {
                options.setOptimizedModelFilePath(optimised.get().toString());
            }
            try (OrtSession session = env.createSession(model.toString(), options)) {
                double[] ms = new double[runs];
                for (int i = -30; i < runs; i++) {
                    long t0 = System.nanoTime();
                    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                         OrtSession.Result r = session.run(Map.of(inputName, t))) {
                        if (i >= 0) {
                            ms[i] = (System.nanoTime() - t0) / 1e6;
                        }
                    }
                }
                Arrays.sort(ms);
                return ms[runs / 2];
            }
        }
    }

    private static long transposes(Path onnx) throws Exception {
        return ModelProto.parseFrom(Files.readAllBytes(onnx)).getGraph().getNodeList().stream()
                .filter(n -> n.getOpType().equals("Transpose")).count();
    }
}
