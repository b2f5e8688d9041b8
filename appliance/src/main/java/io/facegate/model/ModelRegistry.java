package io.facegate.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

import io.facegate.config.FacegateConfig;

/**
 * Owns every loaded model and closes them together. Loading fails fast, naming the model and the mismatch, so the
 * service never starts with a model it cannot vouch for.
 */
public final class ModelRegistry implements AutoCloseable {

    /** What {@code GET /status} reports of one loaded model, and how long loading it took. */
    public record LoadedModel(String name, String sha256, int inputSize, String precision, String licence,
                              Duration loadTime) {
    }

    private final OnnxModel detector;
    private final Optional<OnnxModel> nearDetector;
    private final Optional<AttributeModels> attributeModels;

    private ModelRegistry(OnnxModel detector, Optional<OnnxModel> nearDetector) {
        this(detector, nearDetector, Optional.empty());
    }

    private ModelRegistry(OnnxModel detector, Optional<OnnxModel> nearDetector,
                          Optional<AttributeModels> attributeModels) {
        this.detector = detector;
        this.nearDetector = nearDetector;
        this.attributeModels = attributeModels;
    }

    /**
     * Loads the detector {@code modelsDir/<detectorName>}, and the near-face detector when one is named, each as the
     * file its manifest lists under {@code precision} ({@code fp32}, {@code int8-arm64}, {@code int8-x86-64}).
     */
    public static ModelRegistry load(Path modelsDir, String detectorName, Optional<String> nearDetectorName,
                                     int intraOpThreads, String precision) {
        // ORT's warnings about unused initializers in the BlazeFace graphs are noise.
        OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "facegate");
        OnnxModel detector = OnnxModel.load(env, modelsDir.resolve(detectorName), intraOpThreads, precision);
        try {
            return new ModelRegistry(detector, nearDetectorName.map(
                    name -> OnnxModel.load(env, modelsDir.resolve(name), intraOpThreads, precision)));
        } catch (RuntimeException e) {
            detector.close();
            throw e;
        }
    }

    /** Loads the models the configuration names, and the attribute models when {@code models.attributes} is on. */
    public static ModelRegistry load(FacegateConfig.Models models) {
        ModelRegistry detectors = load(models.dir(), models.detector(), models.nearDetector(), models.intraOpThreads(),
                models.fileKey());
        if (!models.attributes()) {
            return detectors;
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        java.util.List<OnnxModel> loaded = new java.util.ArrayList<>();
        try {
            for (String name : AttributeModels.NAMES) {
                loaded.add(OnnxModel.load(env, models.dir().resolve(name), models.intraOpThreads(), models.fileKey()));
            }
        } catch (RuntimeException e) {
            loaded.forEach(OnnxModel::close);
            detectors.close();
            throw e;
        }
        return new ModelRegistry(detectors.detector, detectors.nearDetector, Optional.of(
                new AttributeModels(loaded.get(0), loaded.get(1), loaded.get(2), loaded.get(3))));
    }

    public OnnxModel detector() {
        return detector;
    }

    public Optional<OnnxModel> nearDetector() {
        return nearDetector;
    }

    /** The attribute models, present when {@code models.attributes} is on. */
    public Optional<AttributeModels> attributeModels() {
        return attributeModels;
    }

    private Stream<OnnxModel> attributeStream() {
        return attributeModels.stream().flatMap(a -> Stream.of(a.facemesh(), a.iris(), a.emotion(), a.faceres()));
    }

    public List<LoadedModel> loaded() {
        return Stream.concat(Stream.concat(Stream.of(detector), nearDetector.stream()), attributeStream()).map(model -> {
            ModelManifest m = model.manifest();
            return new LoadedModel(m.name(), m.sha256(), model.inputSize(), m.precision(), m.licence(),
                    model.loadTime());
        }).toList();
    }

    @Override
    public void close() {
        try {
            detector.close();
        } finally {
            try {
                nearDetector.ifPresent(OnnxModel::close);
            } finally {
                attributeStream().forEach(OnnxModel::close);
            }
        }
    }
}
