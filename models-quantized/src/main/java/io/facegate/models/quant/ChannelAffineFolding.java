package io.facegate.models.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.facegate.models.onnx.Onnx.AttributeProto;
import io.facegate.models.onnx.Onnx.NodeProto;
import io.facegate.models.onnx.Onnx.TensorProto;

/**
 * Folds the per-channel batch-norm arithmetic that tfjs graphs keep outside the convolution — {@code Conv →
 * Transpose(NCHW→NHWC) → Mul(scale[C]) → Add(shift[C])} as faceres' MobileNet writes it — into the Conv's weights
 * and bias: {@code W'[m] = W[m]·s[m]}, {@code b'[m] = b[m]·s[m] + t[m]}. The float result is the same; what changes is
 * that the Conv's output, which gets one uint8 scale for all channels, is already normalised per channel instead of
 * spanning each channel's raw range.
 */
final class ChannelAffineFolding {

    private ChannelAffineFolding() {
    }

    /** Rewrites {@code nodes} and {@code inits} in place; returns how many Mul/Add nodes were folded. */
    static int fold(List<NodeProto> nodes, Map<String, TensorProto> inits) {
        int folded = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            Map<String, List<NodeProto>> consumers = new HashMap<>();
            for (NodeProto n : nodes) {
                n.getInputList().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
            }
            for (int c = 0; c < nodes.size() && !changed; c++) {
                NodeProto conv = nodes.get(c);
                if (!conv.getOpType().equals("Conv") || !inits.containsKey(conv.getInput(1))) {
                    continue;
                }
                NodeProto transpose = only(consumers.get(conv.getOutput(0)));
                if (transpose == null || !transpose.getOpType().equals("Transpose") || !isNchwToNhwc(transpose)) {
                    continue;
                }
                NodeProto next = only(consumers.get(transpose.getOutput(0)));
                long channels = inits.get(conv.getInput(1)).getDims(0);
                float[] values = next == null ? null : perChannelConstant(next, inits, channels);
                if (values == null) {
                    continue;
                }
                NodeProto rewritten = next.getOpType().equals("Mul") ? scale(conv, values, inits) : shift(conv, values, inits);
                nodes.set(c, rewritten);
                // The Transpose now writes what the folded node wrote, so its consumers are untouched.
                nodes.set(nodes.indexOf(transpose), transpose.toBuilder().setOutput(0, next.getOutput(0)).build());
                nodes.remove(next);
                folded++;
                changed = true;
            }
        }
        return folded;
    }

    private static NodeProto only(List<NodeProto> list) {
        return list != null && list.size() == 1 ? list.getFirst() : null;
    }

    private static boolean isNchwToNhwc(NodeProto transpose) {
        for (AttributeProto a : transpose.getAttributeList()) {
            if (a.getName().equals("perm")) {
                return a.getIntsList().equals(List.of(0L, 2L, 3L, 1L));
            }
        }
        return false;
    }

    /** The values of a Mul or Add whose other operand is a float constant of one value per channel, else null. */
    private static float[] perChannelConstant(NodeProto node, Map<String, TensorProto> inits, long channels) {
        if (!node.getOpType().equals("Mul") && !node.getOpType().equals("Add")) {
            return null;
        }
        for (String input : node.getInputList()) {
            TensorProto t = inits.get(input);
            if (t != null && t.getDataType() == TensorProto.DataType.FLOAT_VALUE && Tensors.elements(t.getDimsList()) == channels
                    && (t.getDimsCount() == 1 || t.getDims(t.getDimsCount() - 1) == channels)) {
                return Tensors.floats(t);
            }
        }
        return null;
    }

    private static NodeProto scale(NodeProto conv, float[] s, Map<String, TensorProto> inits) {
        TensorProto w = inits.get(conv.getInput(1));
        float[] v = Tensors.floats(w);
        int per = v.length / s.length;
        for (int i = 0; i < v.length; i++) {
            v[i] *= s[i / per];
        }
        String weights = conv.getInput(1) + "_folded";
        inits.put(weights, Tensors.ofFloats(weights, w.getDimsList(), v));
        NodeProto.Builder b = conv.toBuilder().setInput(1, weights);
        if (conv.getInputCount() > 2) {
            float[] bias = Tensors.floats(inits.get(conv.getInput(2)));
            for (int m = 0; m < bias.length; m++) {
                bias[m] *= s[m];
            }
            String name = conv.getInput(2) + "_folded";
            inits.put(name, Tensors.ofFloats(name, List.of((long) bias.length), bias));
            b.setInput(2, name);
        }
        return b.build();
    }

    private static NodeProto shift(NodeProto conv, float[] t, Map<String, TensorProto> inits) {
        float[] bias = conv.getInputCount() > 2 ? Tensors.floats(inits.get(conv.getInput(2))) : new float[t.length];
        for (int m = 0; m < bias.length; m++) {
            bias[m] += t[m];
        }
        String name = conv.getName() + "_bias_folded";
        inits.put(name, Tensors.ofFloats(name, List.of((long) bias.length), bias));
        NodeProto.Builder b = conv.toBuilder();
        if (conv.getInputCount() > 2) {
            b.setInput(2, name);
        } else {
            b.addInput(name);
        }
        return b.build();
    }
}
