package io.facegate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigLoaderTest {

    private static final Path MODELS = Path.of("models");

    @TempDir
    Path dir;

    @AfterEach
    void clearProperties() {
        System.clearProperty("server.port");
        System.clearProperty("detector.tile-grid");
        System.clearProperty("server.prot");
        System.clearProperty("models.precision");
        System.clearProperty("models.int8-variant");
    }

    @Test
    void defaultsComeFromTheBundledYaml() {
        FacegateConfig config = ConfigLoader.load(null, MODELS);
        assertThat(config.server().host(), is("127.0.0.1"));
        assertThat(config.server().port(), is(8080));
        assertThat(config.models().dir(), is(MODELS));
        assertThat(config.models().detector(), is("blazeface-back-256"));
        assertThat(config.detector().maxFaces(), is(100));
        assertThat(config.images().minSide(), is(80));
        assertThat(config.s3Buckets().isEmpty(), is(true));
    }

    @Test
    void fileOverridesYamlAndSystemPropertiesOverrideFile() throws IOException {
        Path bucket = Files.createDirectory(dir.resolve("photos"));
        Path file = write("server:\n  port: 9000\ndetector:\n  tile-grid: 2\ns3:\n  buckets:\n    photos: " + bucket + "\n");
        System.setProperty("server.port", "9100");
        FacegateConfig config = ConfigLoader.load(file, MODELS);
        assertThat(config.server().port(), is(9100));
        assertThat(config.detector().tileGrid(), is(2));
        assertThat(config.s3Buckets().get("photos"), is(bucket));
    }

    @Test
    void everyBadKeyIsReportedAtOnce() throws IOException {
        Path file = write("server:\n  port: eighty\ndetector:\n  min-confidence: 1.5\n  tile-grdi: 2\n"
                + "s3:\n  buckets:\n    photos: /nonexistent/folder\n");
        System.setProperty("server.prot", "1");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, MODELS));
        assertThat(e.problems(), hasSize(5));
        assertThat(e.problems(), hasItem(containsString("server.port: 'eighty' is not a whole number")));
        assertThat(e.problems(), hasItem(containsString("detector.min-confidence: '1.5' is not a number in 0.0..1.0")));
        assertThat(e.problems(), hasItem(containsString("unknown key 'detector.tile-grdi'")));
        assertThat(e.problems(), hasItem(containsString("unknown key 'server.prot'")));
        assertThat(e.problems(), hasItem(containsString("folder '/nonexistent/folder' does not exist")));
    }

    @Test
    void precisionAndInt8VariantAreChecked() {
        System.setProperty("models.precision", "int4");
        System.setProperty("models.int8-variant", "sparc");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, MODELS));
        assertThat(e.problems(), hasItem(containsString("models.precision: 'int4' is not one of [fp32, int8]")));
        assertThat(e.problems(), hasItem(containsString("models.int8-variant: 'sparc' is not one of [arm64, auto, x86-64]")));
        System.setProperty("models.precision", "int8");
        System.setProperty("models.int8-variant", "arm64");
        assertThat(ConfigLoader.load(null, MODELS).models().fileKey(), is("int8-arm64"));
    }

    @Test
    void missingConfigFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("none.yaml"), MODELS));
        assertThat(e.getMessage(), containsString("none.yaml does not exist"));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("facegate.yaml"), yaml);
    }
}
