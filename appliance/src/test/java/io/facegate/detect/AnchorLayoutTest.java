package io.facegate.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.facegate.model.AnchorLayer;
import io.facegate.model.ModelException;
import io.facegate.model.ModelRegistry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The detectors' anchor grids come from their manifests; a model without a fitting layout is refused as a detector. */
class AnchorLayoutTest {

    private static final Path MODELS = Path.of(System.getProperty("facegate.test.models", "../models-quantized/target/models"));

    @TempDir
    Path dir;

    @Test
    void theManifestsDescribeEachDetectorsGrids() {
        try (ModelRegistry back = load(MODELS, "blazeface-back-256"); ModelRegistry full = load(MODELS, "facemesh-detection-full")) {
            assertThat(back.detector().manifest().anchors(), contains(
                    new AnchorLayer(16, 2, "Identity:0", 1, 0, "Identity_2:0", 16, 0),
                    new AnchorLayer(8, 6, "Identity_1:0", 1, 0, "Identity_3:0", 16, 0)));
            assertThat(full.detector().manifest().anchors(), contains(
                    new AnchorLayer(48, 1, "face", 17, 0, "face", 17, 1)));
        }
    }

    @Test
    void aModelWithoutAnchorsIsNotADetector() {
        try (ModelRegistry emotion = load(MODELS, "emotion")) {
            ModelException e = assertThrows(ModelException.class, () -> new BlazeFace(emotion.detector()));
            assertThat(e.getMessage(), containsString("emotion has no 'anchors'"));
        }
    }

    @Test
    void anchorsThatDoNotFitTheOutputsAreRefused() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("blazeface-front-128"));
        try (Stream<Path> files = Files.list(MODELS.resolve("blazeface-front-128"))) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path manifest = copy.resolve("manifest.json");
        String text = Files.readString(manifest);
        String wrong = text.replaceFirst("\"cells\"\\s*:\\s*16", "\"cells\": 17");
        assertThat(wrong.equals(text), is(false));
        Files.writeString(manifest, wrong);
        ModelException e = assertThrows(ModelException.class, () -> load(dir, "blazeface-front-128"));
        assertThat(e.getMessage(), containsString("does not fit its outputs"));
    }

    private static ModelRegistry load(Path models, String name) {
        return ModelRegistry.load(models, name, Optional.empty(), 1, "fp32");
    }
}
