package io.facegate.models.tfjs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Small tfjs graphs written here, converted, run with ONNX Runtime and compared with TensorFlow's definitions
 * computed directly in NHWC: the layout and padding cases the bundled models do not all exercise (depthwise
 * channel multiplier, explicit and asymmetric SAME padding, fused Prelu/Relu6, float16 weights, transpose_b), and
 * the errors bad graphs give.
 */
class TfjsToOnnxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ArrayNode nodes = JSON.createArrayNode();
    private final ArrayNode weights = JSON.createArrayNode();
    private final ByteBuffer bin = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    @Test
    void depthwiseWithChannelMultiplierExplicitPaddingStrideAndFusedRelu6() throws Exception {
        int h = 5, w = 5, c = 2, m = 2, k = 3;
        float[] x = Lcg32.uniform(h * w * c, -2, 2, 7);
        float[] filter = Lcg32.uniform(k * k * c * m, -1, 1, 8);
        float[] bias = {0.5f, -0.25f, 1f, 0f};
        placeholder("x", 1, h, w, c);
        weight("f", filter, k, k, c, m);
        weight("b", bias, c * m);
        ObjectNode conv = node("y", "FusedDepthwiseConv2dNative", "x", "f", "b");
        strings(conv, "fused_ops", "BiasAdd", "Relu6");
        ints(conv, "strides", 1, 2, 2, 1);
        ints(conv, "dilations", 1, 1, 1, 1);
        string(conv, "padding", "EXPLICIT");
        ints(conv, "explicit_paddings", 0, 0, 1, 0, 0, 1, 0, 0);
        float[] y = run(1, h, w, c, x, "y");
        // TensorFlow: out[i][j][ch*m+q] = sum over the window of in[i*2-1+di][j*2+dj][ch] * f[di][dj][ch][q]
        int oh = 2, ow = 2;
        float[] expected = new float[oh * ow * c * m];
        for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++) for (int ch = 0; ch < c; ch++) for (int q = 0; q < m; q++) {
            double s = bias[ch * m + q];
            for (int di = 0; di < k; di++) for (int dj = 0; dj < k; dj++) {
                int yi = i * 2 - 1 + di, xj = j * 2 + dj;
                if (yi >= 0 && yi < h && xj >= 0 && xj < w) {
                    s += x[(yi * w + xj) * c + ch] * filter[((di * k + dj) * c + ch) * m + q];
                }
            }
            expected[((i * ow + j) * c + ch) * m + q] = (float) Math.min(6, Math.max(0, s));
        }
        assertArrayEquals(expected, y, 1e-5f);
    }

    @Test
    void convWithAsymmetricSamePaddingFusedPreluAndFloat16Weights() throws Exception {
        int h = 6, w = 6, ci = 3, co = 4, k = 3;
        float[] x = Lcg32.uniform(h * w * ci, -1, 1, 9);
        float[] filter = halfRounded(Lcg32.uniform(k * k * ci * co, -1, 1, 10));
        float[] bias = {0.1f, -0.2f, 0.3f, -0.4f};
        float[] alpha = {0.25f, 0.5f, 0.125f, 2f};
        placeholder("x", 1, h, w, ci);
        half("f", filter, k, k, ci, co);
        weight("b", bias, co);
        half("a", alpha, 1, 1, co);
        ObjectNode conv = node("y", "_FusedConv2D", "x", "f", "b", "a");
        strings(conv, "fused_ops", "BiasAdd", "Prelu");
        ints(conv, "strides", 1, 2, 2, 1);
        ints(conv, "dilations", 1, 1, 1, 1);
        string(conv, "padding", "SAME");
        float[] y = run(1, h, w, ci, x, "y");
        // SAME with input 6, kernel 3, stride 2: output 3, total padding 1, all of it after (bottom/right).
        int o = 3;
        float[] expected = new float[o * o * co];
        for (int i = 0; i < o; i++) for (int j = 0; j < o; j++) for (int oc = 0; oc < co; oc++) {
            double s = bias[oc];
            for (int di = 0; di < k; di++) for (int dj = 0; dj < k; dj++) for (int ic = 0; ic < ci; ic++) {
                int yi = i * 2 + di, xj = j * 2 + dj;
                if (yi < h && xj < w) {
                    s += x[(yi * w + xj) * ci + ic] * filter[((di * k + dj) * ci + ic) * co + oc];
                }
            }
            expected[(i * o + j) * co + oc] = (float) (s >= 0 ? s : alpha[oc] * s);
        }
        assertArrayEquals(expected, y, 1e-5f);
    }

    @Test
    void fusedMatMulWithTransposedWeightsBiasAndRelu() throws Exception {
        int n = 5, units = 3;
        float[] x = Lcg32.uniform(n, -1, 1, 11);
        float[] wt = Lcg32.uniform(units * n, -1, 1, 12);
        float[] bias = {0.5f, -0.5f, 0f};
        placeholder("x", 1, n);
        weight("w", wt, units, n);
        weight("b", bias, units);
        ObjectNode mm = node("y", "_FusedMatMul", "x", "w", "b");
        strings(mm, "fused_ops", "BiasAdd", "Relu");
        mm.with("attr").with("transpose_b").put("b", true);
        float[] y = run2d(x, n, "y");
        float[] expected = new float[units];
        for (int u = 0; u < units; u++) {
            double s = bias[u];
            for (int i = 0; i < n; i++) {
                s += x[i] * wt[u * n + i];
            }
            expected[u] = (float) Math.max(0, s);
        }
        assertArrayEquals(expected, y, 1e-6f);
    }

    @Test
    void anUnsupportedOpFailsNamingOpAndNode() throws Exception {
        placeholder("x", 1, 4);
        node("weird", "Atan2", "x", "x");
        TfjsGraph graph = write();
        var e = assertThrows(UnsupportedOperationException.class, () -> TfjsToOnnx.convert(graph, signature(4, "weird"), ""));
        assertTrue(e.getMessage().contains("Atan2") && e.getMessage().contains("weird"), e.getMessage());
    }

    @Test
    void aShortWeightsFileFailsNamingTheWeight() throws Exception {
        placeholder("x", 1, 4);
        weight("big", new float[8], 8);
        node("y", "Mul", "x", "big");
        write();
        Path binFile = dir.resolve("model.bin");
        Files.write(binFile, java.util.Arrays.copyOf(Files.readAllBytes(binFile), 20));
        var e = assertThrows(IllegalArgumentException.class, () -> TfjsGraph.read(dir.resolve("model.json")));
        assertTrue(e.getMessage().contains("big"), e.getMessage());
    }

    @Test
    void theSameGraphGivesTheSameBytes() throws Exception {
        placeholder("x", 1, 4);
        weight("s", new float[] {1, 2, 3, 4}, 4);
        node("y", "Mul", "x", "s");
        TfjsGraph graph = write();
        assertArrayEquals(TfjsToOnnx.convert(graph, signature(4, "y"), "").toByteArray(),
                TfjsToOnnx.convert(TfjsGraph.read(dir.resolve("model.json")), signature(4, "y"), "").toByteArray());
    }

    // ---- building graphs

    private void placeholder(String name, long... shape) {
        ObjectNode n = nodes.addObject().put("name", name).put("op", "Placeholder");
        ArrayNode dims = n.with("attr").with("shape").with("shape").putArray("dim");
        for (long d : shape) {
            dims.addObject().put("size", String.valueOf(d));
        }
    }

    private ObjectNode node(String name, String op, String... inputs) {
        ObjectNode n = nodes.addObject().put("name", name).put("op", op);
        ArrayNode in = n.putArray("input");
        for (String i : inputs) {
            in.add(i);
        }
        n.putObject("attr");
        return n;
    }

    private void weight(String name, float[] values, long... shape) {
        nodes.addObject().put("name", name).put("op", "Const");
        ObjectNode w = weights.addObject().put("name", name).put("dtype", "float32");
        ArrayNode s = w.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        for (float v : values) {
            bin.putFloat(v);
        }
    }

    private void half(String name, float[] values, long... shape) {
        nodes.addObject().put("name", name).put("op", "Const");
        ObjectNode w = weights.addObject().put("name", name).put("dtype", "float32");
        w.putObject("quantization").put("dtype", "float16").put("original_dtype", "float32");
        ArrayNode s = w.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        for (float v : values) {
            bin.putShort(Float.floatToFloat16(v));
        }
    }

    private static float[] halfRounded(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.float16ToFloat(Float.floatToFloat16(values[i]));
        }
        return out;
    }

    private static void strings(ObjectNode node, String key, String... values) {
        ArrayNode list = node.with("attr").with(key).with("list").putArray("s");
        for (String v : values) {
            list.add(Base64.getEncoder().encodeToString(v.getBytes()));
        }
    }

    private static void string(ObjectNode node, String key, String value) {
        node.with("attr").with(key).put("s", Base64.getEncoder().encodeToString(value.getBytes()));
    }

    private static void ints(ObjectNode node, String key, long... values) {
        ArrayNode list = node.with("attr").with(key).with("list").putArray("i");
        for (long v : values) {
            list.add(String.valueOf(v));
        }
    }

    private TfjsGraph write() throws Exception {
        ObjectNode root = JSON.createObjectNode().put("format", "graph-model");
        root.putObject("modelTopology").set("node", nodes);
        ObjectNode group = root.putArray("weightsManifest").addObject();
        group.putArray("paths").add("model.bin");
        group.set("weights", weights);
        Files.writeString(dir.resolve("model.json"), JSON.writeValueAsString(root));
        Files.write(dir.resolve("model.bin"), java.util.Arrays.copyOf(bin.array(), bin.position()));
        return TfjsGraph.read(dir.resolve("model.json"));
    }

    private static TfjsToOnnx.Signature signature(long n, String output) {
        return new TfjsToOnnx.Signature("x", "input", new long[] {1, n}, List.of(new TfjsToOnnx.Output(output, "out", null)));
    }

    private float[] run(int b, int h, int w, int c, float[] x, String output) throws Exception {
        return run(x, new long[] {b, h, w, c}, output);
    }

    private float[] run2d(float[] x, int n, String output) throws Exception {
        return run(x, new long[] {1, n}, output);
    }

    private float[] run(float[] x, long[] shape, String output) throws Exception {
        TfjsGraph graph = write();
        byte[] onnx = TfjsToOnnx.convert(graph, new TfjsToOnnx.Signature("x", "input", shape,
                List.of(new TfjsToOnnx.Output(output, "out", null))), "").toByteArray();
        var env = OrtEnvironment.getEnvironment();
        try (var options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(onnx, options);
             OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
             OrtSession.Result r = session.run(Map.of("input", in))) {
            FloatBuffer out = ((OnnxTensor) r.get("out").orElseThrow()).getFloatBuffer();
            float[] y = new float[out.remaining()];
            out.get(y);
            return y;
        }
    }
}
