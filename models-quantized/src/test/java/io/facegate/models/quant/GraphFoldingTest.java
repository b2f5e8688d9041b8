package io.facegate.models.quant;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;

import io.facegate.models.onnx.Onnx.ModelProto;
import io.facegate.models.onnx.Onnx.NodeProto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float rewrites before quantization change the graph, not its results: faceres (the imported MobileNet whose
 * batch-norm Mul/Add sit after each Conv and whose ReLU6 is Relu → Min → Max) gives the same outputs before and after
 * {@link QdqQuantizer#prepare}, with no Mul, Min or Max left.
 */
class GraphFoldingTest {

    private static final Path FACERES = Path.of("target/models/faceres/model.onnx");

    @Test
    void foldedFaceresComputesWhatTheImportedOneDoes() throws Exception {
        ModelProto original = ModelProto.parseFrom(Files.readAllBytes(FACERES));
        ModelProto folded = QdqQuantizer.prepare(original, List.of()).model();
        List<String> ops = folded.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertTrue(ops.stream().noneMatch(op -> op.equals("Mul") || op.equals("Min") || op.equals("Max")), ops.toString());
        assertEquals(27, ops.stream().filter("Clip"::equals).count(), "every ReLU6 is one Clip");

        float[] input = new float[224 * 224 * 3];
        java.util.Random random = new java.util.Random(20261128);
        for (int i = 0; i < input.length; i++) {
            input[i] = 255 * random.nextFloat();
        }
        Map<String, float[]> a = run(original, input);
        Map<String, float[]> b = run(folded, input);
        for (String output : List.of("gender", "age", "descriptor")) {
            double scale = 1e-6;
            double diff = 0;
            for (int i = 0; i < a.get(output).length; i++) {
                scale = Math.max(scale, Math.abs(a.get(output)[i]));
                diff = Math.max(diff, Math.abs(a.get(output)[i] - b.get(output)[i]));
            }
            assertTrue(diff <= 1e-4 * scale, output + ": max difference " + diff + " of " + scale);
        }
    }

    private static Map<String, float[]> run(ModelProto model, float[] input) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toByteArray(), options);
                 OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 224, 224, 3});
                 OrtSession.Result result = session.run(Map.of("input", tensor))) {
                Map<String, float[]> out = new java.util.HashMap<>();
                for (var e : result) {
                    FloatBuffer f = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] v = new float[f.remaining()];
                    f.get(v);
                    out.put(e.getKey(), v);
                }
                return out;
            }
        }
    }
}
