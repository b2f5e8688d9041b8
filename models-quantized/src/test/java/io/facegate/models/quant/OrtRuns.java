package io.facegate.models.quant;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;

/** Runs an ONNX model once in ONNX Runtime (1 thread) and returns every output, for the tests. */
final class OrtRuns {

    private OrtRuns() {
    }

    static Map<String, float[]> run(byte[] model, String inputName, long[] shape, float[] input) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model, options);
                 OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                 OrtSession.Result result = session.run(Map.of(inputName, tensor))) {
                Map<String, float[]> out = new HashMap<>();
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
