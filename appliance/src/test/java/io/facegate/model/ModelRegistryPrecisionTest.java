package io.facegate.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.facegate.config.FacegateConfig;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Loading the fp32 and int8 builds of the real detectors, and refusing files that do not match the manifest. */
class ModelRegistryPrecisionTest {

    private static final Path MODELS = Path.of(System.getProperty("facegate.test.models", "../models-quantized/target/models"));

    @TempDir
    Path dir;

    @Test
    void eachPrecisionLoadsItsOwnVerifiedFile() {
        for (String key : new String[] {"fp32", "int8-x86-64", "int8-arm64"}) {
            try (ModelRegistry registry = ModelRegistry.load(MODELS, "blazeface-front-128", Optional.empty(), 1, key)) {
                ModelRegistry.LoadedModel loaded = registry.loaded().getFirst();
                assertThat(loaded.precision(), is(key));
                assertThat(registry.detector().run(new float[128 * 128 * 3]).get("Identity:0").length, is(512));
            }
        }
    }

    @Test
    void aVariantMappedToFp32LoadsTheFp32FileAndSaysSo() {
        // faceres' manifest maps int8-x86-64 to fp32 (8-bit weights saturate on x86 without VNNI, 7-bit lose too much).
        try (ModelRegistry registry = ModelRegistry.load(MODELS, "faceres", Optional.empty(), 1, "int8-x86-64");
             ModelRegistry fp32 = ModelRegistry.load(MODELS, "faceres", Optional.empty(), 1, "fp32")) {
            assertThat(registry.loaded().getFirst().precision(), is("fp32"));
            assertThat(registry.loaded().getFirst().sha256(), is(fp32.loaded().getFirst().sha256()));
        }
    }

    @Test
    void aTamperedInt8FileIsRefusedNamingBothHashes() throws IOException {
        Path copy = copyModel("blazeface-back-256");
        Path file = copy.resolve("model.int8-x86-64.onnx");
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        ModelException e = assertThrows(ModelException.class,
                () -> ModelRegistry.load(dir, "blazeface-back-256", Optional.empty(), 1, "int8-x86-64"));
        assertThat(e.getMessage(), containsString("model.int8-x86-64.onnx has sha256"));
        assertThat(e.getMessage(), containsString("but its manifest says"));
    }

    @Test
    void aPrecisionTheManifestDoesNotListIsRefused() {
        ModelException e = assertThrows(ModelException.class,
                () -> ModelRegistry.load(MODELS, "blazeface-back-256", Optional.empty(), 1, "int8-riscv"));
        assertThat(e.getMessage(), containsString("has no 'int8-riscv' model file"));
    }

    @Test
    void autoPicksTheVariantForTheCpu() {
        assertThat(FacegateConfig.Models.int8VariantFor("aarch64"), is("arm64"));
        assertThat(FacegateConfig.Models.int8VariantFor("amd64"), is("x86-64"));
        assertThat(models("int8", "arm64").fileKey(), is("int8-arm64"));
        assertThat(models("fp32", "arm64").fileKey(), is("fp32"));
        assertThat(models("int8", "auto").fileKey(),
                is("int8-" + FacegateConfig.Models.int8VariantFor(System.getProperty("os.arch"))));
    }

    private static FacegateConfig.Models models(String precision, String variant) {
        return new FacegateConfig.Models(MODELS, "blazeface-back-256", Optional.empty(), 1, precision, variant);
    }

    private Path copyModel(String name) throws IOException {
        Path target = Files.createDirectories(dir.resolve(name));
        try (Stream<Path> files = Files.list(MODELS.resolve(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }
}
