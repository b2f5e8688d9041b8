package io.facegate.models.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.facegate.models.onnx.Onnx.AttributeProto;
import io.facegate.models.onnx.Onnx.GraphProto;
import io.facegate.models.onnx.Onnx.ModelProto;
import io.facegate.models.onnx.Onnx.NodeProto;
import io.facegate.models.onnx.Onnx.OperatorSetIdProto;
import io.facegate.models.onnx.Onnx.TensorProto;
import io.facegate.models.onnx.Onnx.TensorProto.DataType;

/**
 * Static QDQ quantization of a float ONNX graph: per-channel symmetric int8 Conv weights, int32 biases with scale
 * {@code x_scale · w_scale}, per-tensor asymmetric uint8 activations from calibrated ranges, opset 13.
 *
 * <p>Conv, Add, Relu, Clip, MaxPool and Concat are quantized unless their node name matches one of the float
 * patterns (a Clip's bounds stay float constants). A Conv or Add whose only consumer is a quantized Relu or Clip gets
 * no Q/DQ of its own, so ONNX Runtime folds the Relu into
 * the following QuantizeLinear (zero point 0) and fuses QLinearConv/QLinearAdd. MaxPool's output reuses its input's
 * range, as ONNX Runtime's int8 MaxPool requires.
 */
public final class QdqQuantizer {

    private static final Set<String> QUANTIZABLE = Set.of("Conv", "Add", "Relu", "Clip", "MaxPool", "Concat");

    /** {@code weightQmax} 127 is full 8-bit weights; 63 is reduce-range (7-bit) for x86 without VNNI. */
    public record Options(int weightQmax, List<Pattern> floatNodes) {
    }

    /** The float graph after constant folding, and the activation tensors that get Q/DQ (and need ranges). */
    public record Prepared(ModelProto model, List<String> activations) {
    }

    private QdqQuantizer() {
    }

    /**
     * Folds ConstantOfShape, per-channel affine nodes after a Conv ({@link ChannelAffineFolding}) and ReLU6
     * ({@link ClipFolding}), drops unused initializers and plans where Q/DQ goes.
     */
    public static Prepared prepare(ModelProto model, List<Pattern> floatNodes) {
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> inits = new LinkedHashMap<>();
        graph.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        List<NodeProto> nodes = new ArrayList<>();
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("ConstantOfShape") && inits.containsKey(node.getInput(0))) {
                inits.put(node.getOutput(0), constantOfShape(node, inits.get(node.getInput(0))));
            } else {
                nodes.add(node);
            }
        }
        ChannelAffineFolding.fold(nodes, inits);
        ClipFolding.fold(nodes, inits);
        Set<String> used = new HashSet<>();
        nodes.forEach(n -> used.addAll(n.getInputList()));
        graph.getOutputList().forEach(o -> used.add(o.getName()));
        GraphProto.Builder folded = graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer();
        inits.values().stream().filter(t -> used.contains(t.getName())).forEach(folded::addInitializer);
        ModelProto foldedModel = model.toBuilder().setGraph(folded).build();
        return new Prepared(foldedModel, new Plan(foldedModel.getGraph(), floatNodes).activations());
    }

    /** The QDQ model for {@code ranges} (one per tensor of {@link Prepared#activations}). */
    public static ModelProto quantize(Prepared prepared, Map<String, Range> calibrated, Options options) {
        GraphProto graph = prepared.model().getGraph();
        Plan plan = new Plan(graph, options.floatNodes());
        Map<String, Range> ranges = new HashMap<>(calibrated);
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("MaxPool") && plan.quantized(node) && ranges.containsKey(node.getInput(0))) {
                ranges.put(node.getOutput(0), ranges.get(node.getInput(0)));
            }
        }
        for (String t : plan.activations()) {
            if (!ranges.containsKey(t)) {
                throw new IllegalArgumentException("no calibrated range for " + t);
            }
        }
        Map<String, TensorProto> inits = new LinkedHashMap<>();
        graph.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        Set<String> qdq = new LinkedHashSet<>(plan.activations());
        List<NodeProto> out = new ArrayList<>();
        List<TensorProto> newInits = new ArrayList<>();
        Set<String> replacedInits = new HashSet<>();
        Set<String> paramsWritten = new HashSet<>();

        for (var input : graph.getInputList()) {
            if (qdq.contains(input.getName())) {
                emitQdq(input.getName(), ranges.get(input.getName()), out, newInits, paramsWritten);
            }
        }
        for (NodeProto node : graph.getNodeList()) {
            NodeProto.Builder rewritten = node.toBuilder().clearInput();
            boolean quantized = plan.quantized(node);
            for (int i = 0; i < node.getInputCount(); i++) {
                String in = node.getInput(i);
                if (qdq.contains(in)) {
                    rewritten.addInput(in + "_dq");
                } else if (quantized && !node.getOpType().equals("Clip") && inits.containsKey(in)
                        && inits.get(in).getDataType() == DataType.FLOAT_VALUE) {
                    String dq = in + "_dq";
                    if (replacedInits.add(in)) {
                        TensorProto t = inits.get(in);
                        if (node.getOpType().equals("Conv") && i == 1) {
                            emitWeight(t, options.weightQmax(), out, newInits);
                        } else if (node.getOpType().equals("Conv") && i == 2) {
                            Range x = ranges.get(node.getInput(0));
                            emitBias(t, x.scale(), weightScales(inits.get(node.getInput(1)), options.weightQmax()), out, newInits);
                        } else {
                            emitConstant(t, ranges.getOrDefault(node.getOutput(0), ownRange(t)), out, newInits);
                        }
                    }
                    rewritten.addInput(dq);
                } else {
                    rewritten.addInput(in);
                }
            }
            out.add(rewritten.build());
            for (String o : node.getOutputList()) {
                if (qdq.contains(o)) {
                    emitQdq(o, ranges.get(o), out, newInits, paramsWritten);
                }
            }
        }
        GraphProto.Builder g = graph.toBuilder().clearNode().addAllNode(out).clearInitializer();
        for (TensorProto t : graph.getInitializerList()) {
            if (!replacedInits.contains(t.getName()) || isStillUsed(t.getName(), out)) {
                g.addInitializer(t);
            }
        }
        g.addAllInitializer(newInits);
        ModelProto.Builder m = prepared.model().toBuilder().setGraph(g).clearOpsetImport();
        for (OperatorSetIdProto op : prepared.model().getOpsetImportList()) {
            boolean onnxDomain = op.getDomain().isEmpty() || op.getDomain().equals("ai.onnx");
            m.addOpsetImport(onnxDomain && op.getVersion() < 13 ? op.toBuilder().setVersion(13).build() : op);
        }
        return m.setProducerName("facegate-qdq").setProducerVersion("1").build();
    }

    private static boolean isStillUsed(String name, List<NodeProto> nodes) {
        return nodes.stream().anyMatch(n -> n.getInputList().contains(name));
    }

    private static void emitQdq(String t, Range r, List<NodeProto> out, List<TensorProto> inits, Set<String> written) {
        String scale = t + "_scale";
        String zp = t + "_zero_point";
        if (written.add(t)) {
            inits.add(Tensors.ofFloats(scale, List.of(), new float[] {r.scale()}));
            inits.add(Tensors.ofBytes(zp, DataType.UINT8, List.of(), new byte[] {(byte) r.zeroPoint()}));
        }
        out.add(node("QuantizeLinear", t + "_QuantizeLinear", List.of(t, scale, zp), t + "_q", null));
        out.add(node("DequantizeLinear", t + "_DequantizeLinear", List.of(t + "_q", scale, zp), t + "_dq", null));
    }

    static float[] weightScales(TensorProto w, int qmax) {
        float[] v = Tensors.floats(w);
        int channels = (int) w.getDims(0);
        int per = v.length / channels;
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            float m = 0;
            for (int i = c * per; i < (c + 1) * per; i++) {
                m = Math.max(m, Math.abs(v[i]));
            }
            scales[c] = m > 0 ? m / qmax : 1f;
        }
        return scales;
    }

    private static void emitWeight(TensorProto w, int qmax, List<NodeProto> out, List<TensorProto> inits) {
        float[] v = Tensors.floats(w);
        float[] scales = weightScales(w, qmax);
        int per = v.length / scales.length;
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = (byte) Math.clamp(Math.round(v[i] / scales[i / per]), -qmax, qmax);
        }
        String name = w.getName();
        List<Long> channelDims = List.of((long) scales.length);
        inits.add(Tensors.ofBytes(name + "_quantized", DataType.INT8, w.getDimsList(), q));
        inits.add(Tensors.ofFloats(name + "_scale", channelDims, scales));
        inits.add(Tensors.ofBytes(name + "_zero_point", DataType.INT8, channelDims, new byte[scales.length]));
        out.add(node("DequantizeLinear", name + "_DequantizeLinear",
                List.of(name + "_quantized", name + "_scale", name + "_zero_point"), name + "_dq", 0L));
    }

    private static void emitBias(TensorProto b, float xScale, float[] wScales, List<NodeProto> out, List<TensorProto> inits) {
        float[] v = Tensors.floats(b);
        float[] scales = new float[v.length];
        int[] q = new int[v.length];
        for (int c = 0; c < v.length; c++) {
            scales[c] = xScale * wScales[c];
            q[c] = (int) Math.clamp(Math.round((double) v[c] / scales[c]), Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
        String name = b.getName();
        inits.add(Tensors.ofInts(name + "_quantized", b.getDimsList(), q));
        inits.add(Tensors.ofFloats(name + "_scale", List.of((long) v.length), scales));
        out.add(node("DequantizeLinear", name + "_DequantizeLinear", List.of(name + "_quantized", name + "_scale"),
                name + "_dq", 0L));
    }

    /** A constant's own range, for one whose consumer's output has none (an Add folded into its Relu). */
    private static Range ownRange(TensorProto t) {
        double lo = 0;
        double hi = 0;
        for (float v : Tensors.floats(t)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return Range.of(lo, hi);
    }

    /**
     * A float constant fed to a quantized node, stored as uint8: in its output's range where it has one (the
     * BlazeBlock zero padding, concatenated at the output's scale), else in its own.
     */
    private static void emitConstant(TensorProto t, Range r, List<NodeProto> out, List<TensorProto> inits) {
        float[] v = Tensors.floats(t);
        byte[] q = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = (byte) Math.clamp(Math.round(v[i] / r.scale()) + r.zeroPoint(), 0, 255);
        }
        String name = t.getName();
        inits.add(Tensors.ofBytes(name + "_quantized", DataType.UINT8, t.getDimsList(), q));
        inits.add(Tensors.ofFloats(name + "_scale", List.of(), new float[] {r.scale()}));
        inits.add(Tensors.ofBytes(name + "_zero_point", DataType.UINT8, List.of(), new byte[] {(byte) r.zeroPoint()}));
        out.add(node("DequantizeLinear", name + "_DequantizeLinear",
                List.of(name + "_quantized", name + "_scale", name + "_zero_point"), name + "_dq", null));
    }

    private static NodeProto node(String op, String name, List<String> inputs, String output, Long axis) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
        if (axis != null) {
            n.addAttribute(AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis));
        }
        return n.build();
    }

    private static TensorProto constantOfShape(NodeProto node, TensorProto shape) {
        List<Long> dims = new ArrayList<>();
        for (long d : Tensors.longs(shape)) {
            dims.add(d);
        }
        float value = 0f;
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals("value")) {
                value = Tensors.floats(a.getT())[0];
            }
        }
        float[] values = new float[(int) Tensors.elements(dims)];
        java.util.Arrays.fill(values, value);
        return Tensors.ofFloats(node.getOutput(0), dims, values);
    }

    /** Which nodes are quantized and which activation tensors get Q/DQ. */
    private static final class Plan {
        private final GraphProto graph;
        private final List<Pattern> floatNodes;
        private final Map<String, NodeProto> producer = new HashMap<>();
        private final Map<String, List<NodeProto>> consumers = new HashMap<>();
        private final Set<String> initializers = new HashSet<>();

        Plan(GraphProto graph, List<Pattern> floatNodes) {
            this.graph = graph;
            this.floatNodes = floatNodes;
            graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
            for (NodeProto n : graph.getNodeList()) {
                n.getOutputList().forEach(o -> producer.put(o, n));
                n.getInputList().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
            }
        }

        boolean quantized(NodeProto n) {
            return QUANTIZABLE.contains(n.getOpType()) && floatNodes.stream().noneMatch(p -> p.matcher(n.getName()).matches());
        }

        List<String> activations() {
            List<String> tensors = new ArrayList<>();
            graph.getInputList().forEach(i -> tensors.add(i.getName()));
            graph.getNodeList().forEach(n -> tensors.addAll(n.getOutputList()));
            List<String> out = new ArrayList<>();
            for (String t : tensors) {
                if (initializers.contains(t)) {
                    continue;
                }
                NodeProto p = producer.get(t);
                List<NodeProto> cs = consumers.getOrDefault(t, List.of());
                boolean touchesQuantized = (p != null && quantized(p)) || cs.stream().anyMatch(this::quantized);
                boolean foldsIntoRelu = p != null && (p.getOpType().equals("Conv") || p.getOpType().equals("Add"))
                        && cs.size() == 1 && List.of("Relu", "Clip").contains(cs.get(0).getOpType()) && quantized(cs.get(0));
                if (touchesQuantized && !foldsIntoRelu) {
                    out.add(t);
                }
            }
            return out;
        }
    }
}
