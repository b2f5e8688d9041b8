package io.facegate.model;

import java.nio.file.Path;
import java.util.List;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * Owns every loaded model and closes them together. Loading fails fast, naming the model and the mismatch, so the
 * service never starts with a model it cannot vouch for.
 */
public final class ModelRegistry implements AutoCloseable {

    /** What {@code GET /status} reports of one loaded model. */
    public record LoadedModel(String name, String sha256, int inputSize, String precision, String licence) {
    }

    private final OnnxModel detector;

    private ModelRegistry(OnnxModel detector) {
        this.detector = detector;
    }

    /** Loads the detector {@code modelsDir/<detectorName>}. */
    public static ModelRegistry load(Path modelsDir, String detectorName, int intraOpThreads) {
        // ORT's warnings about unused initializers in the BlazeFace graphs are noise.
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "facegate");
        return new ModelRegistry(OnnxModel.load(env, modelsDir.resolve(detectorName), intraOpThreads));
    }

    public OnnxModel detector() {
        return detector;
    }

    public List<LoadedModel> loaded() {
        ModelManifest m = detector.manifest();
        return List.of(new LoadedModel(m.name(), m.sha256(), detector.inputSize(), m.precision(), m.licence()));
    }

    @Override
    public void close() {
        detector.close();
    }
}
