package io.facegate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

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

    @Test
    void defaultsComeFromTheBundledYaml() {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of(), MODELS);
        assertThat(config.server().host(), is("127.0.0.1"));
        assertThat(config.server().port(), is(8080));
        assertThat(config.server().maxPayloadSize(), is(16L * 1024 * 1024));
        assertThat(config.server().bodyTimeout(), is(Duration.ofSeconds(60)));
        assertThat(config.models().dir(), is(MODELS));
        assertThat(config.models().detector(), is("blazeface-back-256"));
        assertThat(config.detector().maxFaces(), is(100));
        assertThat(config.images().minSide(), is(80));
        assertThat(config.s3Buckets().isEmpty(), is(true));
    }

    @Test
    void fileOverridesYamlAndSystemPropertiesOverrideFile() throws IOException {
        Path file = write("server:\n  port: 9000\ndetector:\n  tile-grid: 2\ns3:\n  buckets:\n    photos: /srv/photos\n");
        System.setProperty("server.port", "9100");
        try {
            FacegateConfig config = ConfigLoader.load(file, MODELS);
            assertThat(config.server().port(), is(9100));
            assertThat(config.detector().tileGrid(), is(2));
            assertThat(config.s3Buckets().get("photos"), is(Path.of("/srv/photos")));
            assertThat("Helidon reads the same server section", config.server().helidon().get("port").asInt().get(),
                    is(9100));
        } finally {
            System.clearProperty("server.port");
        }
    }

    @Test
    void everyBadKeyIsReportedAtOnce() throws IOException {
        Path file = write("server:\n  port: eighty\ndetector:\n  min-confidence: 1.5\n  tile-grdi: 2\n"
                + "admission:\n  queue-timeout: soon\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromFile(file, Map.of("server.prot", "1"), MODELS));
        assertThat(String.join("\n", e.problems()), e.problems(), hasSize(5));
        assertThat(e.problems(), hasItem(containsString("server.port: 'eighty' is not a whole number in 0..65535")));
        assertThat(e.problems(), hasItem(containsString("detector.min-confidence: '1.5' is not a number in 0.0..1.0")));
        assertThat(e.problems(), hasItem(containsString(
                "unknown key 'detector.tile-grdi'; did you mean 'detector.tile-grid'?")));
        assertThat(e.problems(), hasItem(containsString("unknown key 'server.prot'; did you mean 'server.port'?")));
        assertThat(e.problems(), hasItem(containsString("admission.queue-timeout: 'soon' is not a duration (500ms, 2s, 1m, PT2S) in 0s..10m")));
    }

    @Test
    void aMisspeltSectionSuggestsTheKeyMeant() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromKeys(Map.of("camera.door.url", "http://x/"), MODELS));
        assertThat(e.problems(), hasItem(containsString(
                "unknown key 'camera.door.url'; did you mean 'cameras.door.url'?")));
    }

    @Test
    void aYamlSyntaxErrorIsAProblemNotAStackTrace() throws IOException {
        Path file = write("server:\n  port: 8080\n   host: [oops\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromFile(file, Map.of(), MODELS));
        assertThat(e.getMessage(), containsString("cannot read " + file + ": mapping values are not allowed here"));
    }

    @Test
    void durationsTakeShortFormsAndIso8601() {
        assertThat(ConfigLoader.fromKeys(Map.of("server.body-timeout", "1.5s"), MODELS).server().bodyTimeout(),
                is(Duration.ofMillis(1500)));
        assertThat(ConfigLoader.fromKeys(Map.of("server.body-timeout", "PT2M"), MODELS).server().bodyTimeout(),
                is(Duration.ofMinutes(2)));
        assertThat(ConfigLoader.fromKeys(Map.of("admission.queue-timeout", "250ms"), MODELS).admission()
                .queueTimeout(), is(Duration.ofMillis(250)));
    }

    @Test
    void deprecatedKeysStillWorkAndMayNotBeMixedWithTheirReplacement() {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of("server.body-timeout-ms", "1500",
                "server.max-request-bytes", "2048", "admission.queue-timeout-ms", "250"), MODELS);
        assertThat(config.server().bodyTimeout(), is(Duration.ofMillis(1500)));
        assertThat(config.server().maxPayloadSize(), is(2048L));
        assertThat("Helidon sees the replacement key", config.server().helidon().get("max-payload-size").asLong()
                .get(), is(2048L));
        assertThat(config.admission().queueTimeout(), is(Duration.ofMillis(250)));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromKeys(
                Map.of("server.body-timeout-ms", "1500", "server.body-timeout", "2s"), MODELS));
        assertThat(e.problems(), hasItem(containsString("server.body-timeout-ms: replaced by server.body-timeout")));
    }

    @Test
    void precisionAndInt8VariantAreChecked() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromKeys(
                Map.of("models.precision", "int4", "models.int8-variant", "sparc"), MODELS));
        assertThat(e.problems(), hasItem(containsString("models.precision: 'int4' is not one of int8, fp32")));
        assertThat(e.problems(), hasItem(containsString(
                "models.int8-variant: 'sparc' is not one of auto, arm64, x86-64")));
        assertThat(ConfigLoader.fromKeys(Map.of("models.precision", "int8", "models.int8-variant", "arm64"), MODELS)
                .models().fileKey(), is("int8-arm64"));
    }

    @Test
    void missingConfigFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromFile(dir.resolve("none.yaml"), Map.of(), MODELS));
        assertThat(e.getMessage(), containsString("none.yaml does not exist"));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("facegate.yaml"), yaml);
    }
}
