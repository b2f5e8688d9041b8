package io.facegate.models.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.facegate.models.onnx.Onnx.NodeProto;
import io.facegate.models.onnx.Onnx.TensorProto;

/**
 * Rewrites Keras' ReLU6 as tfjs exports it, {@code Relu → Minimum(x, 6) → Maximum(x, 0)}, into one
 * {@code Clip(x, 0, 6)}. As three nodes, the Relu's output is quantized over its whole calibrated range (often far
 * above 6) before the clip throws most of it away; as a Clip, the range is the clipped one and ONNX Runtime folds
 * the Clip into the QuantizeLinear that follows, as it does a Relu.
 */
final class ClipFolding {

    private ClipFolding() {
    }

    /** Rewrites {@code nodes} in place, adding the Clip bounds to {@code inits}; returns how many were folded. */
    static int fold(List<NodeProto> nodes, Map<String, TensorProto> inits) {
        Map<String, List<NodeProto>> consumers = new HashMap<>();
        for (NodeProto n : nodes) {
            n.getInputList().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
        }
        int folded = 0;
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto relu = nodes.get(i);
            if (!relu.getOpType().equals("Relu")) {
                continue;
            }
            NodeProto min = only(consumers.get(relu.getOutput(0)), "Min");
            Float high = min == null ? null : scalar(min, relu.getOutput(0), inits);
            NodeProto max = high == null ? null : only(consumers.get(min.getOutput(0)), "Max");
            Float low = max == null ? null : scalar(max, min.getOutput(0), inits);
            if (low == null || low != 0f) {
                continue;
            }
            String lowName = relu.getName() + "_clip_min";
            String highName = relu.getName() + "_clip_max";
            inits.put(lowName, Tensors.ofFloats(lowName, List.of(), new float[] {0f}));
            inits.put(highName, Tensors.ofFloats(highName, List.of(), new float[] {high}));
            nodes.set(i, NodeProto.newBuilder().setOpType("Clip").setName(relu.getName() + "_clip")
                    .addInput(relu.getInput(0)).addInput(lowName).addInput(highName).addOutput(max.getOutput(0)).build());
            nodes.remove(min);
            nodes.remove(max);
            folded++;
        }
        return folded;
    }

    private static NodeProto only(List<NodeProto> list, String op) {
        return list != null && list.size() == 1 && list.getFirst().getOpType().equals(op) ? list.getFirst() : null;
    }

    /** The scalar constant {@code node} combines with {@code input}, or null. */
    private static Float scalar(NodeProto node, String input, Map<String, TensorProto> inits) {
        if (node.getInputCount() != 2) {
            return null;
        }
        String other = node.getInput(0).equals(input) ? node.getInput(1) : node.getInput(0);
        TensorProto t = inits.get(other);
        if (t == null || t.getDataType() != TensorProto.DataType.FLOAT_VALUE || Tensors.elements(t.getDimsList()) != 1) {
            return null;
        }
        return Tensors.floats(t)[0];
    }
}
