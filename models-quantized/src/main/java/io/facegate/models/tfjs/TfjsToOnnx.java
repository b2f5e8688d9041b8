package io.facegate.models.tfjs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;

import io.facegate.models.onnx.Onnx.AttributeProto;
import io.facegate.models.onnx.Onnx.AttributeProto.AttributeType;
import io.facegate.models.onnx.Onnx.GraphProto;
import io.facegate.models.onnx.Onnx.ModelProto;
import io.facegate.models.onnx.Onnx.NodeProto;
import io.facegate.models.onnx.Onnx.OperatorSetIdProto;
import io.facegate.models.onnx.Onnx.TensorProto;
import io.facegate.models.onnx.Onnx.TensorProto.DataType;
import io.facegate.models.onnx.Onnx.TensorShapeProto;
import io.facegate.models.onnx.Onnx.TypeProto;
import io.facegate.models.onnx.Onnx.ValueInfoProto;
import io.facegate.models.tfjs.TfjsGraph.Constant;
import io.facegate.models.tfjs.TfjsGraph.Node;

/**
 * Converts a {@link TfjsGraph} to an ONNX model (opset 13) that keeps TensorFlow's NHWC layout: every
 * convolution, pooling, resize and depth-to-space runs in NCHW between a pair of Transpose nodes (ONNX Runtime's
 * transpose optimiser cancels the pairs between consecutive layers). Weights become float32 initializers (conv
 * filters re-laid out HWIO to OIHW, depthwise HWCM to [C·M, 1, H, W]); int32 constants become int64. The same
 * graph always gives the same bytes.
 */
final class TfjsToOnnx {

    static final int OPSET = 13;
    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};

    /** What the graph input is called in ONNX, and which tfjs tensors become which ONNX outputs (with their shapes). */
    record Signature(String tfjsInput, String input, long[] inputShape, List<Output> outputs) {
    }

    record Output(String tfjs, String name, long[] shape) {
    }

    private final TfjsGraph graph;
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<String, String> alias = new HashMap<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();
    private final Set<String> initialized = new HashSet<>();
    private int counter;

    private TfjsToOnnx(TfjsGraph graph) {
        this.graph = graph;
        graph.nodes().forEach(n -> byName.put(n.name(), n));
    }

    static ModelProto convert(TfjsGraph graph, Signature signature, String docString) {
        return new TfjsToOnnx(graph).build(signature, docString);
    }

    private ModelProto build(Signature sig, String docString) {
        alias.put(sig.tfjsInput(), sig.input());
        for (Node n : graph.nodes()) {
            if (!n.op().equals("Const") && !n.op().equals("Placeholder")) {
                op(n);
            }
        }
        GraphProto.Builder g = GraphProto.newBuilder().setName("tfjs")
                .addInput(valueInfo(sig.input(), DataType.FLOAT, sig.inputShape()));
        for (Output out : sig.outputs()) {
            node("Identity", List.of(tensor(out.tfjs())), out.name(), List.of());
            g.addOutput(valueInfo(out.name(), DataType.FLOAT, out.shape()));
        }
        g.addAllNode(nodes).addAllInitializer(initializers);
        return ModelProto.newBuilder()
                .setIrVersion(7)
                .setProducerName("facegate-tfjs-import")
                .setProducerVersion("1")
                .setDocString(docString)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g)
                .build();
    }

    private void op(Node n) {
        String x = n.inputs().isEmpty() ? null : tensor(n.inputs().get(0));
        String out = n.name();
        switch (n.op()) {
            case "Identity" -> alias.put(n.name(), x);
            case "Conv2D", "_FusedConv2D" -> conv(n, x, false);
            case "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative" -> conv(n, x, true);
            case "MatMul", "_FusedMatMul" -> matMul(n, x);
            case "Add", "AddV2" -> node("Add", List.of(x, tensor(n.inputs().get(1))), out, List.of());
            case "Sub" -> node("Sub", List.of(x, tensor(n.inputs().get(1))), out, List.of());
            case "Mul" -> node("Mul", List.of(x, tensor(n.inputs().get(1))), out, List.of());
            case "RealDiv" -> node("Div", List.of(x, tensor(n.inputs().get(1))), out, List.of());
            case "Maximum" -> node("Max", List.of(x, tensor(n.inputs().get(1))), out, List.of());
            case "Minimum" -> node("Min", List.of(x, tensor(n.inputs().get(1))), out, List.of());
            case "Relu", "Relu6", "Sigmoid", "Tanh", "Elu", "Abs", "Neg", "Exp", "Sqrt" -> activation(n.op(), x, out, null);
            case "Rsqrt" -> node("Reciprocal", List.of(node("Sqrt", List.of(x), fresh(out), List.of())), out, List.of());
            case "Square" -> node("Mul", List.of(x, x), out, List.of());
            case "Prelu" -> node("PRelu", List.of(x, tensor(n.inputs().get(1))), out, List.of());
            case "LeakyRelu" -> node("LeakyRelu", List.of(x), out, List.of(floatAttr("alpha", n.real("alpha", 0.2f))));
            case "Softmax" -> node("Softmax", List.of(x), out, List.of(intAttr("axis", -1)));
            case "Mean", "Max", "Sum" -> reduce(n, x);
            case "MaxPool", "AvgPool" -> pool(n, x);
            case "Pad", "PadV2" -> pad(n, x);
            case "Reshape" -> node("Reshape", List.of(x, intTensor(n.inputs().get(1))), out, List.of());
            case "ConcatV2" -> concat(n);
            case "Squeeze" -> squeeze(n, x);
            case "ExpandDims" -> node("Unsqueeze", List.of(x, intTensor(n.inputs().get(1))), out, List.of());
            case "ResizeBilinear" -> resize(n, x);
            case "DepthToSpace" -> nchw(x, out, nhwc -> node("DepthToSpace", List.of(nhwc), fresh(out),
                    List.of(intAttr("blocksize", n.integer("block_size", 0)), stringAttr("mode", "DCR"))));
            case "Shape" -> node("Shape", List.of(x), out, List.of());
            case "StridedSlice" -> stridedSlice(n, x);
            case "Pack" -> pack(n);
            default -> throw new UnsupportedOperationException("tfjs op " + n.op() + " (node " + n.name() + ") is not supported");
        }
    }

    // ---- convolution, matmul, activations

    private void conv(Node n, String x, boolean depthwise) {
        Constant filter = constant(n.inputs().get(1));
        long kh = filter.shape()[0], kw = filter.shape()[1], ci = filter.shape()[2], co = filter.shape()[3];
        float[] src = filter.floats();
        float[] dst = new float[src.length];
        long[] shape;
        if (depthwise) {
            // HWCM -> [C*M, 1, H, W]; output channel c*M + m, as TensorFlow numbers them.
            shape = new long[] {ci * co, 1, kh, kw};
            for (int h = 0; h < kh; h++) for (int w = 0; w < kw; w++) for (int c = 0; c < ci; c++) for (int m = 0; m < co; m++) {
                dst[(int) ((((c * co + m)) * kh + h) * kw + w)] = src[(int) (((h * kw + w) * ci + c) * co + m)];
            }
        } else {
            shape = new long[] {co, ci, kh, kw};
            for (int h = 0; h < kh; h++) for (int w = 0; w < kw; w++) for (int i = 0; i < ci; i++) for (int o = 0; o < co; o++) {
                dst[(int) (((o * ci + i) * kh + h) * kw + w)] = src[(int) (((h * kw + w) * ci + i) * co + o)];
            }
        }
        String weights = initializer(filter.name() + (depthwise ? "/dw_oihw" : "/oihw"), shape, dst);
        List<String> fused = n.strings("fused_ops");
        List<String> inputs = new ArrayList<>(List.of("", weights));
        int arg = 2;
        if (!fused.isEmpty()) {
            if (!fused.get(0).equals("BiasAdd")) {
                throw new UnsupportedOperationException(n.name() + ": fused ops " + fused + " are not supported");
            }
            inputs.add(tensor(n.inputs().get(arg++)));
        }
        List<AttributeProto> attrs = new ArrayList<>();
        long[] strides = n.ints("strides");
        long[] dilations = n.ints("dilations");
        attrs.add(intsAttr("kernel_shape", kh, kw));
        attrs.add(intsAttr("strides", strides[1], strides[2]));
        if (dilations.length == 4) {
            attrs.add(intsAttr("dilations", dilations[1], dilations[2]));
        }
        if (depthwise) {
            attrs.add(intAttr("group", ci));
        }
        attrs.addAll(padding(n));
        String activation = fused.size() > 1 ? fused.get(1) : null;
        String alpha = "Prelu".equals(activation) ? preluSlopeNchw(n.inputs().get(arg)) : null;
        nchw(x, n.name(), nc -> {
            inputs.set(0, nc);
            String conv = node("Conv", inputs, fresh(n.name()), attrs);
            return activation == null ? conv : activation(activation, conv, fresh(n.name()), alpha);
        });
    }

    private void matMul(Node n, String a) {
        String b = tensor(n.inputs().get(1));
        if (n.bool("transpose_a")) {
            a = node("Transpose", List.of(a), fresh(n.name()), List.of(intsAttr("perm", 1, 0)));
        }
        if (n.bool("transpose_b")) {
            b = node("Transpose", List.of(b), fresh(n.name()), List.of(intsAttr("perm", 1, 0)));
        }
        List<String> fused = n.strings("fused_ops");
        if (fused.isEmpty()) {
            node("MatMul", List.of(a, b), n.name(), List.of());
            return;
        }
        if (!fused.get(0).equals("BiasAdd")) {
            throw new UnsupportedOperationException(n.name() + ": fused ops " + fused + " are not supported");
        }
        String product = node("MatMul", List.of(a, b), fresh(n.name()), List.of());
        if (fused.size() == 1) {
            node("Add", List.of(product, tensor(n.inputs().get(2))), n.name(), List.of());
        } else {
            String biased = node("Add", List.of(product, tensor(n.inputs().get(2))), fresh(n.name()), List.of());
            String alpha = fused.get(1).equals("Prelu") ? tensor(n.inputs().get(3)) : null;
            activation(fused.get(1), biased, n.name(), alpha);
        }
    }

    private String activation(String op, String x, String out, String alpha) {
        return switch (op) {
            case "Relu" -> node("Relu", List.of(x), out, List.of());
            case "Relu6" -> node("Clip", List.of(x, scalar(0f), scalar(6f)), out, List.of());
            case "Sigmoid" -> node("Sigmoid", List.of(x), out, List.of());
            case "Tanh" -> node("Tanh", List.of(x), out, List.of());
            case "Elu" -> node("Elu", List.of(x), out, List.of());
            case "Abs" -> node("Abs", List.of(x), out, List.of());
            case "Neg" -> node("Neg", List.of(x), out, List.of());
            case "Exp" -> node("Exp", List.of(x), out, List.of());
            case "Sqrt" -> node("Sqrt", List.of(x), out, List.of());
            case "Prelu" -> node("PRelu", List.of(x, alpha), out, List.of());
            default -> throw new UnsupportedOperationException("fused activation " + op + " is not supported");
        };
    }

    /** A Prelu slope of C values as [C, 1, 1], so it broadcasts over an NCHW tensor. */
    private String preluSlopeNchw(String name) {
        Constant c = constant(name);
        return initializer(c.name() + "/nchw", new long[] {c.size(), 1, 1}, c.floats());
    }

    private List<AttributeProto> padding(Node n) {
        String padding = n.string("padding");
        return switch (padding) {
            case "SAME" -> List.of(stringAttr("auto_pad", "SAME_UPPER"));
            case "VALID" -> List.of();
            case "EXPLICIT" -> {
                long[] p = n.ints("explicit_paddings");
                yield List.of(intsAttr("pads", p[2], p[4], p[3], p[5]));
            }
            default -> throw new UnsupportedOperationException(n.name() + ": padding " + padding);
        };
    }

    // ---- pooling, reductions, shape ops

    private void pool(Node n, String x) {
        long[] k = n.ints("ksize");
        long[] s = n.ints("strides");
        List<AttributeProto> attrs = new ArrayList<>(List.of(intsAttr("kernel_shape", k[1], k[2]), intsAttr("strides", s[1], s[2])));
        attrs.addAll(padding(n));
        String op = n.op().equals("MaxPool") ? "MaxPool" : "AveragePool";
        nchw(x, n.name(), nc -> node(op, List.of(nc), fresh(n.name()), attrs));
    }

    private void reduce(Node n, String x) {
        long[] axes = longs(n.inputs().get(1));
        long keep = n.bool("keep_dims") ? 1 : 0;
        switch (n.op()) {
            case "Mean" -> node("ReduceMean", List.of(x), n.name(), List.of(intsAttr("axes", axes), intAttr("keepdims", keep)));
            case "Max" -> node("ReduceMax", List.of(x), n.name(), List.of(intsAttr("axes", axes), intAttr("keepdims", keep)));
            default -> node("ReduceSum", List.of(x, intTensor(n.inputs().get(1))), n.name(), List.of(intAttr("keepdims", keep)));
        }
    }

    private void pad(Node n, String x) {
        long[] p = longs(n.inputs().get(1));
        int rank = p.length / 2;
        long[] pads = new long[p.length];
        for (int i = 0; i < rank; i++) {
            pads[i] = p[2 * i];
            pads[rank + i] = p[2 * i + 1];
        }
        List<String> inputs = new ArrayList<>(List.of(x, longInitializer(n.name() + "/pads", new long[] {pads.length}, pads)));
        if (n.op().equals("PadV2")) {
            inputs.add(tensor(n.inputs().get(2)));
        }
        node("Pad", inputs, n.name(), List.of(stringAttr("mode", "constant")));
    }

    private void concat(Node n) {
        List<String> ins = n.inputs();
        long axis = longs(ins.get(ins.size() - 1))[0];
        List<String> tensors = ins.subList(0, ins.size() - 1).stream().map(this::tensor).toList();
        node("Concat", tensors, n.name(), List.of(intAttr("axis", axis)));
    }

    private void squeeze(Node n, String x) {
        long[] axes = n.ints("squeeze_dims");
        if (axes.length == 0) {
            node("Squeeze", List.of(x), n.name(), List.of());
        } else {
            node("Squeeze", List.of(x, longInitializer(n.name() + "/axes", new long[] {axes.length}, axes)), n.name(), List.of());
        }
    }

    private void resize(Node n, String x) {
        String mode = n.bool("align_corners") ? "align_corners" : n.bool("half_pixel_centers") ? "half_pixel" : "asymmetric";
        String size = intTensor(n.inputs().get(1));
        nchw(x, n.name(), nc -> {
            String shape = node("Shape", List.of(nc), fresh(n.name()), List.of());
            String batchChannels = node("Slice", List.of(shape, longInitializer(n.name() + "/starts", new long[] {1}, new long[] {0}),
                    longInitializer(n.name() + "/ends", new long[] {1}, new long[] {2})), fresh(n.name()), List.of());
            String sizes = node("Concat", List.of(batchChannels, size), fresh(n.name()), List.of(intAttr("axis", 0)));
            return node("Resize", List.of(nc, "", "", sizes), fresh(n.name()),
                    List.of(stringAttr("mode", "linear"), stringAttr("coordinate_transformation_mode", mode)));
        });
    }

    private void stridedSlice(Node n, String x) {
        long[] begin = longs(n.inputs().get(1));
        long[] end = longs(n.inputs().get(2));
        long[] strides = longs(n.inputs().get(3));
        long beginMask = n.integer("begin_mask", 0), endMask = n.integer("end_mask", 0);
        long shrink = n.integer("shrink_axis_mask", 0);
        if (n.integer("ellipsis_mask", 0) != 0 || n.integer("new_axis_mask", 0) != 0) {
            throw new UnsupportedOperationException(n.name() + ": StridedSlice with ellipsis or new-axis masks");
        }
        int rank = begin.length;
        long[] starts = new long[rank], ends = new long[rank], axes = new long[rank];
        List<Long> squeezed = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            axes[i] = i;
            boolean backwards = strides[i] < 0;
            starts[i] = (beginMask >> i & 1) != 0 ? (backwards ? Long.MAX_VALUE : 0) : begin[i];
            ends[i] = (endMask >> i & 1) != 0 ? (backwards ? Long.MIN_VALUE : Long.MAX_VALUE) : end[i];
            if ((shrink >> i & 1) != 0) {
                ends[i] = begin[i] == -1 ? Long.MAX_VALUE : begin[i] + 1;
                strides[i] = 1;
                squeezed.add((long) i);
            }
        }
        long[] r = {rank};
        String sliced = node("Slice", List.of(x, longInitializer(n.name() + "/starts", r, starts), longInitializer(n.name() + "/ends", r, ends),
                longInitializer(n.name() + "/axes", r, axes), longInitializer(n.name() + "/steps", r, strides)),
                squeezed.isEmpty() ? n.name() : fresh(n.name()), List.of());
        if (!squeezed.isEmpty()) {
            long[] sq = squeezed.stream().mapToLong(Long::longValue).toArray();
            node("Squeeze", List.of(sliced, longInitializer(n.name() + "/squeeze", new long[] {sq.length}, sq)), n.name(), List.of());
        }
    }

    private void pack(Node n) {
        long axis = n.integer("axis", 0);
        String axes = longInitializer(n.name() + "/axes", new long[] {1}, new long[] {axis});
        List<String> parts = new ArrayList<>();
        for (String in : n.inputs()) {
            String t = graph.constants().containsKey(in) && graph.constants().get(in).isInt() ? intTensor(in) : tensor(in);
            parts.add(node("Unsqueeze", List.of(t, axes), fresh(n.name()), List.of()));
        }
        node("Concat", parts, n.name(), List.of(intAttr("axis", axis)));
    }

    // ---- tensors and constants

    private interface Body {
        String apply(String nchwInput);
    }

    /** Runs {@code body} on x transposed to NCHW and transposes its result back to NHWC as {@code out}. */
    private void nchw(String x, String out, Body body) {
        String in = node("Transpose", List.of(x), fresh(out), List.of(intsAttr("perm", TO_NCHW)));
        node("Transpose", List.of(body.apply(in)), out, List.of(intsAttr("perm", TO_NHWC)));
    }

    /** The ONNX name of a tfjs tensor; constants become initializers (ints as int64) on first use. */
    private String tensor(String name) {
        String a = alias.get(name);
        if (a != null) {
            return a;
        }
        Constant c = graph.constants().get(name);
        if (c == null) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("unknown tensor " + name);
            }
            return name;
        }
        if (c.isInt()) {
            return intTensor(name);
        }
        return initializer(name, c.shape(), c.floats());
    }

    private String intTensor(String name) {
        Constant c = graph.constants().get(name);
        if (c == null) {
            return tensor(name);
        }
        return longInitializer(name, c.shape(), longs(name));
    }

    private Constant constant(String name) {
        Constant c = graph.constants().get(name);
        if (c == null) {
            throw new UnsupportedOperationException(name + " must be a constant");
        }
        return c;
    }

    private long[] longs(String name) {
        Constant c = constant(name);
        if (!c.isInt()) {
            throw new UnsupportedOperationException(name + " must be an int32 constant");
        }
        return Arrays.stream(c.ints()).asLongStream().toArray();
    }

    private String scalar(float value) {
        String name = "const/" + value;
        return initializer(name, new long[0], new float[] {value});
    }

    private String initializer(String name, long[] shape, float[] values) {
        if (initialized.add(name)) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(values);
            initializers.add(tensorProto(name, DataType.FLOAT, shape, b));
        }
        return name;
    }

    private String longInitializer(String name, long[] shape, long[] values) {
        if (initialized.add(name)) {
            ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(values);
            initializers.add(tensorProto(name, DataType.INT64, shape, b));
        }
        return name;
    }

    private static TensorProto tensorProto(String name, DataType type, long[] shape, ByteBuffer data) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber())
                .setRawData(ByteString.copyFrom(data.array()));
        for (long d : shape) {
            t.addDims(d);
        }
        return t.build();
    }

    // ---- nodes and attributes

    private String fresh(String base) {
        return base + "/onnx_" + counter++;
    }

    private String node(String op, List<String> inputs, String output, List<AttributeProto> attrs) {
        nodes.add(NodeProto.newBuilder().setOpType(op).setName(output).addAllInput(inputs).addOutput(output)
                .addAllAttribute(attrs).build());
        return output;
    }

    private static ValueInfoProto valueInfo(String name, DataType type, long[] shape) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(type.getNumber());
        if (shape != null) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (long d : shape) {
                s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
            }
            t.setShape(s);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    private static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    private static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
    }

    private static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }
}
