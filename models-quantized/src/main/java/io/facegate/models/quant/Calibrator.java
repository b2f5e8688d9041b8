package io.facegate.models.quant;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import io.facegate.models.onnx.Onnx.ModelProto;
import io.facegate.models.onnx.Onnx.TypeProto;
import io.facegate.models.onnx.Onnx.ValueInfoProto;

/**
 * Activation ranges from running the float model in ONNX Runtime (1 thread) on calibration inputs, with every
 * tensor to be quantized exposed as an extra output. Min/max takes the extremes; percentile takes the p-th and
 * (100−p)-th percentiles from a 4096-bin histogram over each tensor's min/max (a second pass); mse picks, per
 * tensor, the pair of tail percentiles (10⁻⁷ … 10⁻¹ of the samples clipped on each side) whose uint8 quantization
 * has the least expected squared error over that histogram: clipping error outside, step²/12 inside.
 */
public final class Calibrator {

    /** {@code percentile} is ignored for min/max. */
    public record Method(String name, double percentile) {
        public static Method parse(String name, double percentile) {
            if (!name.equals("minmax") && !name.equals("percentile") && !name.equals("mse")) {
                throw new IllegalArgumentException("calibrator must be minmax, percentile or mse, not " + name);
            }
            return new Method(name, percentile);
        }
    }

    private static final int BINS = 4096;

    private Calibrator() {
    }

    public static Map<String, Range> calibrate(ModelProto model, List<String> tensors, long[] inputShape,
                                               List<float[]> inputs, Method method) throws OrtException {
        var graph = model.getGraph().toBuilder();
        for (String t : tensors) {
            if (graph.getOutputList().stream().noneMatch(o -> o.getName().equals(t))) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(t).setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1))));
            }
        }
        byte[] bytes = model.toBuilder().setGraph(graph).build().toByteArray();
        String inputName = model.getGraph().getInput(0).getName();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession session = env.createSession(bytes, options)) {
                Map<String, double[]> minMax = new LinkedHashMap<>();
                for (float[] input : inputs) {
                    run(env, session, inputName, inputShape, input, tensors, (name, values) -> {
                        double[] mm = minMax.computeIfAbsent(name, k -> new double[] {Double.MAX_VALUE, -Double.MAX_VALUE});
                        for (float v : values) {
                            mm[0] = Math.min(mm[0], v);
                            mm[1] = Math.max(mm[1], v);
                        }
                    });
                }
                Map<String, Range> ranges = new LinkedHashMap<>();
                if (method.name().equals("minmax")) {
                    minMax.forEach((name, mm) -> ranges.put(name, Range.of(mm[0], mm[1])));
                    return ranges;
                }
                Map<String, long[]> histograms = new HashMap<>();
                for (float[] input : inputs) {
                    run(env, session, inputName, inputShape, input, tensors, (name, values) -> {
                        double[] mm = minMax.get(name);
                        long[] h = histograms.computeIfAbsent(name, k -> new long[BINS]);
                        double width = (mm[1] - mm[0]) / BINS;
                        for (float v : values) {
                            int bin = width > 0 ? (int) Math.min(BINS - 1, (v - mm[0]) / width) : 0;
                            h[bin]++;
                        }
                    });
                }
                for (String name : tensors) {
                    double[] mm = minMax.get(name);
                    long[] h = histograms.get(name);
                    ranges.put(name, method.name().equals("mse") ? leastSquaredError(h, mm)
                            : Range.of(edge(h, mm, 1 - method.percentile() / 100, false),
                                    edge(h, mm, method.percentile() / 100, true)));
                }
                return ranges;
            }
        }
    }

    private static Range leastSquaredError(long[] h, double[] mm) {
        double width = (mm[1] - mm[0]) / BINS;
        Range best = null;
        double bestError = Double.MAX_VALUE;
        for (int e = 70; e >= 10; e--) {
            double tail = Math.pow(10, -e / 10.0);
            Range r = Range.of(edge(h, mm, tail, false), edge(h, mm, 1 - tail, true));
            double step = (r.max() - r.min()) / 255.0;
            double error = 0;
            for (int i = 0; i < BINS; i++) {
                if (h[i] == 0) {
                    continue;
                }
                double c = mm[0] + (i + 0.5) * width;
                double clipped = Math.min(Math.max(c, r.min()), r.max());
                error += h[i] * ((c - clipped) * (c - clipped) + step * step / 12);
            }
            if (error < bestError) {
                bestError = error;
                best = r;
            }
        }
        return best;
    }

    /** The value below which {@code fraction} of the samples lie (upper edge of that bin, or lower edge for the low tail). */
    private static double edge(long[] h, double[] mm, double fraction, boolean upper) {
        long total = 0;
        for (long c : h) {
            total += c;
        }
        double width = (mm[1] - mm[0]) / BINS;
        long target = (long) Math.ceil(fraction * total);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += h[i];
            if (seen >= target) {
                return upper ? mm[0] + (i + 1) * width : mm[0] + i * width;
            }
        }
        return mm[1];
    }

    private interface Sink {
        void accept(String name, float[] values);
    }

    private static void run(OrtEnvironment env, OrtSession session, String inputName, long[] shape, float[] input,
                            List<String> tensors, Sink sink) throws OrtException {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result result = session.run(Map.of(inputName, tensor), new java.util.HashSet<>(tensors))) {
            for (String name : tensors) {
                FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                sink.accept(name, values);
            }
        }
    }
}
