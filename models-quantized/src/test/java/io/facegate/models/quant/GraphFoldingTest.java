package io.facegate.models.quant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        long[] shape = {1, 224, 224, 3};
        Map<String, float[]> a = OrtRuns.run(original.toByteArray(), "input", shape, input);
        Map<String, float[]> b = OrtRuns.run(folded.toByteArray(), "input", shape, input);
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
}
