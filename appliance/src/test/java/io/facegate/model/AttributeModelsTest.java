package io.facegate.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.facegate.config.ConfigException;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code models.attributes} loads the four attribute models, each verified against its manifest, or none. */
class AttributeModelsTest {

    private static final Path MODELS = Path.of(System.getProperty("facegate.test.models", "../models-quantized/target/models"));

    @Test
    void onByDefaultAndEveryModelIsVerified() {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of(), MODELS);
        assertThat(config.models().attributes(), is(true));
        try (ModelRegistry registry = ModelRegistry.load(config.models())) {
            assertThat(registry.loaded().stream().map(ModelRegistry.LoadedModel::name).toList(),
                    contains("blazeface-back-256", "blazeface-front-128", "facemesh", "iris", "emotion", "faceres"));
            AttributeModels a = registry.attributeModels().orElseThrow();
            assertThat(a.facemesh().inputSize(), is(192));
            assertThat(a.iris().inputSize(), is(64));
            assertThat(a.emotion().inputSize(), is(64));
            assertThat(a.faceres().inputSize(), is(224));
        }
    }

    @Test
    void offLoadsOnlyTheDetectors() {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of("models.attributes", "false"), MODELS);
        try (ModelRegistry registry = ModelRegistry.load(config.models())) {
            assertThat(registry.attributeModels(), is(Optional.empty()));
            assertThat(registry.loaded().size(), is(2));
        }
    }

    @Test
    void anythingButTrueOrFalseIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromKeys(Map.of("models.attributes", "yes"), MODELS));
        assertThat(e.getMessage(), containsString("models.attributes"));
    }
}
