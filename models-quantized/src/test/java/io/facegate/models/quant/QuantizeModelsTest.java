package io.facegate.models.quant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.facegate.models.onnx.Onnx.ModelProto;
import io.facegate.models.onnx.Onnx.NodeProto;
import io.facegate.models.onnx.Onnx.TensorProto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quantizes the real front-128 BlazeFace (fetched by the build into target/models) with its committed recipe and
 * calibration table, twice, and checks that the bytes are identical, the graph is QDQ as promised and ONNX Runtime's fused int8 run
 * finds the faces the float model finds on a calibration-free input (a mirrored centre crop).
 */
class QuantizeModelsTest {

    private static final Path BUILT = Path.of("target/models/blazeface-front-128");
    private static final Path PHOTOS = Path.of("target/calibration-photos");
    private static final Path FACES = Path.of("calibration-faces.json");
    private static final Path COMMITTED = Path.of("blazeface-front-128/manifest.json");

    @TempDir
    static Path first;
    @TempDir
    static Path second;

    @BeforeAll
    static void quantizeTwice() throws Exception {
        for (Path dir : List.of(first, second)) {
            Files.copy(BUILT.resolve("model.onnx"), dir.resolve("model.onnx"));
            Files.copy(COMMITTED, dir.resolve("manifest.json"));
            assertTrue(QuantizeModels.quantize(dir, new QuantizeModels.Calibration(PHOTOS, FACES), COMMITTED,
                    QuantizeModels.Hashes.VERIFY));
        }
    }

    @Test
    void sameInputsGiveByteIdenticalModelsAndManifests() throws Exception {
        for (String file : List.of("model.int8-arm64.onnx", "model.int8-x86-64.onnx", "manifest.json")) {
            assertArrayEquals(Files.readAllBytes(first.resolve(file)), Files.readAllBytes(second.resolve(file)), file);
        }
        JsonNode manifest = new ObjectMapper().readTree(first.resolve("manifest.json").toFile());
        byte[] arm = Files.readAllBytes(first.resolve("model.int8-arm64.onnx"));
        assertEquals(QuantizeModels.sha256(arm), manifest.path("files").path("int8-arm64").path("sha256").asText());
    }

    @Test
    void aBuildThatDiffersFromTheCommittedHashFailsNamingBoth(@TempDir Path dir) throws Exception {
        Files.copy(BUILT.resolve("model.onnx"), dir.resolve("model.onnx"));
        String committed = Files.readString(COMMITTED);
        String reference = new ObjectMapper().readTree(committed).path("files").path("int8-arm64").path("sha256").asText();
        String wrong = "0".repeat(64);
        Path manifest = dir.resolve("committed.json");
        Files.writeString(manifest, committed.replace(reference, wrong));
        Files.copy(manifest, dir.resolve("manifest.json"));
        Files.copy(COMMITTED.resolveSibling("calibration.json"), dir.resolve("calibration.json"));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> QuantizeModels.quantize(dir, new QuantizeModels.Calibration(PHOTOS, FACES), manifest,
                        QuantizeModels.Hashes.VERIFY));
        assertTrue(e.getMessage().contains("built " + reference + ", committed " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("-Dmodels.hashes=record"), e.getMessage());

        QuantizeModels.quantize(dir, new QuantizeModels.Calibration(PHOTOS, FACES), manifest, QuantizeModels.Hashes.RECORD);
        assertEquals(committed, Files.readString(manifest), "record re-calibrates here and writes the built hash back,"
                + " layout kept");
    }

    @Test
    void graphIsQdqWithPerChannelInt8WeightsAndInt32BiasAtOpset13() throws Exception {
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(first.resolve("model.int8-x86-64.onnx")));
        assertEquals(13, model.getOpsetImport(0).getVersion());
        Map<String, TensorProto> inits = new java.util.HashMap<>();
        model.getGraph().getInitializerList().forEach(t -> inits.put(t.getName(), t));
        long quantizedConvs = 0;
        long floatConvs = 0;
        for (NodeProto node : model.getGraph().getNodeList()) {
            if (!node.getOpType().equals("Conv")) {
                continue;
            }
            if (node.getInput(1).endsWith("_dq")) {
                quantizedConvs++;
                String w = node.getInput(1).replaceFirst("_dq$", "");
                TensorProto q = inits.get(w + "_quantized");
                assertEquals(TensorProto.DataType.INT8_VALUE, q.getDataType());
                assertEquals(q.getDims(0), inits.get(w + "_scale").getDims(0), "one scale per output channel");
                for (byte b : q.getRawData().toByteArray()) {
                    assertTrue(b >= -63 && b <= 63, "reduce-range weights are 7-bit");
                }
                if (node.getInputCount() > 2) {
                    String bias = node.getInput(2).replaceFirst("_dq$", "");
                    assertEquals(TensorProto.DataType.INT32_VALUE, inits.get(bias + "_quantized").getDataType());
                }
            } else {
                floatConvs++;
                assertTrue(node.getName().matches(".*/conv2d_(17|18|19|20)/BiasAdd"), node.getName() + " should be quantized");
            }
        }
        assertEquals(33, quantizedConvs);
        assertEquals(4, floatConvs, "the four head convs stay float, as the recipe names them");
        assertTrue(model.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("ConstantOfShape")));
    }

    @Test
    void int8ScoresFollowFloatScoresOnAnUnseenCrop() throws Exception {
        // A 2x2 tile, not mirrored, of a group photo: the calibration set holds it only mirrored.
        float[] input = CalibrationImages.inputs(List.of(PHOTOS.resolve("sample6.jpg")), 128, List.of(2)).get(0);
        float[] fp32 = scores(BUILT.resolve("model.onnx"), input);
        float[] int8 = scores(first.resolve("model.int8-x86-64.onnx"), input);
        int best = 0;
        double maxDiff = 0;
        for (int i = 0; i < fp32.length; i++) {
            best = fp32[i] > fp32[best] ? i : best;
            maxDiff = Math.max(maxDiff, Math.abs(sigmoid(fp32[i]) - sigmoid(int8[i])));
        }
        assertTrue(sigmoid(fp32[best]) > 0.5, "the float model finds a face in the tile");
        assertTrue(Math.abs(sigmoid(fp32[best]) - sigmoid(int8[best])) < 0.1, "int8 scores the same anchor alike");
        assertTrue(maxDiff < 0.5, "largest score difference " + maxDiff);
    }

    private static double sigmoid(float x) {
        return 1 / (1 + Math.exp(-Math.clamp(x, -100, 100)));
    }

    /** The scores of both anchor grids, 16x16 then 8x8. */
    private static float[] scores(Path model, float[] input) throws Exception {
        Map<String, float[]> out = OrtRuns.run(Files.readAllBytes(model), "input:0", new long[] {1, 128, 128, 3}, input);
        float[] a = out.get("Identity:0");
        float[] b = out.get("Identity_1:0");
        float[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
