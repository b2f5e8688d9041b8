package io.facegate.models.quant;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Prints the inference latency of every file of every model (fp32 and each int8 variant): ONNX Runtime, 1 intra-op
 * thread, all graph optimisations, input the first calibration photo letterboxed; 50 warm-up runs, then the median
 * and 90th percentile of {@code RUNS} timed runs.
 *
 * <p>Usage: {@code Latency MODELS_DIR PHOTOS_DIR [RUNS]}.
 */
public final class Latency {

    private Latency() {
    }

    public static void main(String[] args) throws Exception {
        Path models = Path.of(args[0]);
        Path photos = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        System.out.printf("%-22s %-12s %10s %10s%n", "model", "file", "median ms", "p90 ms");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
            JsonNode in = manifest.path("input");
            long[] shape = new long[in.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.path("shape").get(i).asLong();
            }
            float[] input = CalibrationImages.inputs(List.of(photos.resolve("sample1.jpg")), (int) shape[1], List.of(1)).get(0);
            var files = manifest.path("files").fields();
            while (files.hasNext()) {
                var file = files.next();
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setIntraOpNumThreads(1);
                    options.setInterOpNumThreads(1);
                    options.addConfigEntry("session.intra_op.allow_spinning", "0");
                    try (OrtSession session = env.createSession(dir.resolve(file.getValue().path("file").asText()).toString(), options)) {
                        double[] ms = new double[runs];
                        for (int i = -50; i < runs; i++) {
                            long t0 = System.nanoTime();
                            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                                 OrtSession.Result r = session.run(Map.of(in.path("name").asText(), t))) {
                                if (i >= 0) {
                                    ms[i] = (System.nanoTime() - t0) / 1e6;
                                }
                            }
                        }
                        Arrays.sort(ms);
                        System.out.printf("%-22s %-12s %10.2f %10.2f%n", dir.getFileName(), file.getKey(), ms[runs / 2], ms[runs * 9 / 10]);
                    }
                }
            }
        }
    }
}
