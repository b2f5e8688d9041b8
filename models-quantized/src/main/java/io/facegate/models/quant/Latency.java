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
 * thread, all graph optimisations, input the first calibration photo letterboxed; 50 warm-up rounds, then the median
 * and 90th percentile of {@code RUNS} timed rounds, each round running every file of the model once in turn.
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
            if (manifest.path("quantization").isMissingNode() || manifest.path("quantization").has("crop")) {
                continue; // detectors only: io.facegate.models.tfjs.ImportedLatency times the face-crop models
            }
            JsonNode in = manifest.path("input");
            long[] shape = new long[in.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = in.path("shape").get(i).asLong();
            }
            float[] input = CalibrationImages.inputs(List.of(photos.resolve("sample1.jpg")), (int) shape[1], List.of(1)).get(0);
            List<String> keys = new java.util.ArrayList<>();
            manifest.path("files").fieldNames().forEachRemaining(keys::add);
            List<OrtSession> sessions = new java.util.ArrayList<>();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                for (String key : keys) {
                    sessions.add(env.createSession(dir.resolve(manifest.path("files").path(key).path("file").asText()).toString(), options));
                }
                // Round-robin over the files so that load from other processes hits each alike.
                double[][] ms = new double[keys.size()][runs];
                for (int i = -50; i < runs; i++) {
                    for (int k = 0; k < keys.size(); k++) {
                        long t0 = System.nanoTime();
                        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                             OrtSession.Result r = sessions.get(k).run(Map.of(in.path("name").asText(), t))) {
                            if (i >= 0) {
                                ms[k][i] = (System.nanoTime() - t0) / 1e6;
                            }
                        }
                    }
                }
                for (int k = 0; k < keys.size(); k++) {
                    Arrays.sort(ms[k]);
                    System.out.printf("%-22s %-12s %10.2f %10.2f%n", dir.getFileName(), keys.get(k), ms[k][runs / 2], ms[k][runs * 9 / 10]);
                }
            } finally {
                for (OrtSession session : sessions) {
                    session.close();
                }
            }
        }
    }
}
