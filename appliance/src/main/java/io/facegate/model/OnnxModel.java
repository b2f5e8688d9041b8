package io.facegate.model;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * The single owner of one ONNX Runtime session. Created only from a verified model file: its sha256 and its
 * input/output signature must equal the manifest's. {@link #run} is safe to call from many threads.
 */
public final class OnnxModel implements AutoCloseable {

    private final ModelManifest manifest;
    private final OrtEnvironment env;
    private final OrtSession session;
    private Duration loadTime = Duration.ZERO;

    private OnnxModel(ModelManifest manifest, OrtEnvironment env, OrtSession session) {
        this.manifest = manifest;
        this.env = env;
        this.session = session;
    }

    /** Loads {@code dir/manifest.json} and its {@code files.<precision>} model, refusing any mismatch. */
    static OnnxModel load(OrtEnvironment env, Path dir, int intraOpThreads, String precision) {
        long start = System.nanoTime();
        Path manifestFile = dir.resolve("manifest.json");
        ModelManifest manifest;
        byte[] bytes;
        try {
            manifest = ModelManifest.read(manifestFile, precision);
            bytes = Files.readAllBytes(dir.resolve(manifest.file()));
        } catch (IOException e) {
            throw new ModelException("cannot read model in " + dir + " (" + e.getMessage()
                    + "); build the models with 'mvn -B -q -DskipTests package' or fix models.dir", e);
        }
        String actual = sha256(bytes);
        if (!actual.equals(manifest.sha256())) {
            throw new ModelException("model " + dir.resolve(manifest.file()) + " has sha256 " + actual
                    + " but its manifest says " + manifest.sha256() + "; rebuild the models");
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            // Spinning burns a core while idle; on a 4-core board the decoder and HTTP threads need it.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = env.createSession(bytes, options);
            OnnxModel model = new OnnxModel(manifest, env, session);
            try {
                model.checkSignature();
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
            model.loadTime = Duration.ofNanos(System.nanoTime() - start);
            return model;
        } catch (OrtException e) {
            throw new ModelException("ONNX Runtime cannot load " + dir.resolve(manifest.file()) + ": " + e.getMessage(), e);
        }
    }

    private void checkSignature() throws OrtException {
        ModelManifest.TensorSpec in = manifest.input();
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (!inputs.containsKey(in.name())) {
            throw new ModelException(manifest.name() + ": the graph has inputs " + inputs.keySet()
                    + " but the manifest names '" + in.name() + "'");
        }
        long[] shape = ((TensorInfo) inputs.get(in.name()).getInfo()).getShape();
        if (!Arrays.equals(shape, in.shape())) {
            throw new ModelException(manifest.name() + ": input '" + in.name() + "' has shape " + Arrays.toString(shape)
                    + " but the manifest says " + Arrays.toString(in.shape()));
        }
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        for (ModelManifest.TensorSpec out : manifest.outputs()) {
            NodeInfo info = outputs.get(out.name());
            if (info == null) {
                throw new ModelException(manifest.name() + ": the graph has outputs " + outputs.keySet()
                        + " but the manifest names '" + out.name() + "'");
            }
            long[] outShape = ((TensorInfo) info.getInfo()).getShape();
            if (!Arrays.equals(outShape, out.shape())) {
                throw new ModelException(manifest.name() + ": output '" + out.name() + "' has shape "
                        + Arrays.toString(outShape) + " but the manifest says " + Arrays.toString(out.shape()));
            }
        }
    }

    /** Runs the model on one input tensor laid out as the manifest says; returns every output, flattened. */
    public Map<String, float[]> run(float[] input) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), manifest.input().shape());
             OrtSession.Result result = session.run(Map.of(manifest.input().name(), tensor))) {
            Map<String, float[]> outputs = new HashMap<>();
            for (var entry : result) {
                FloatBuffer buffer = ((OnnxTensor) entry.getValue()).getFloatBuffer();
                float[] values = new float[buffer.remaining()];
                buffer.get(values);
                outputs.put(entry.getKey(), values);
            }
            return outputs;
        } catch (OrtException e) {
            throw new ModelException(manifest.name() + " failed to run: " + e.getMessage(), e);
        }
    }

    /** How long reading, verifying and opening the model took (the first model includes ONNX Runtime's start-up). */
    public Duration loadTime() {
        return loadTime;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** Side of the square input, for NHWC {@code [1, S, S, C]} image models. */
    public int inputSize() {
        return (int) manifest.input().shape()[1];
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException("closing " + manifest.name() + ": " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
