package io.facegate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

/** The auth.* and admission.* keys: SigV4 is forced on beyond loopback (the file itself: StartupFilesTest). */
class SecurityConfigTest {

    private static final Path MODELS = Path.of("models");

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("facegate.yaml"), text);
    }

    private Path credentials(String permissions) throws IOException {
        Path file = Files.writeString(dir.resolve("credentials"), "AKIDDOOR01 door-secret-1 rekognition:DetectFaces\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void loopbackDefaultIsOffAndAdmissionIsSizedToTheCores() {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of(), MODELS);
        assertThat(config.auth().enabled(), is(false));
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(config.admission().maxConcurrent(), is(Math.max(1, cores)));
        assertThat(config.admission().maxQueued(), is(config.admission().maxConcurrent()));
        assertThat(config.admission().queueTimeout(), is(Duration.ofSeconds(5)));
        assertThat(config.admission().keyRate(), is(0.0));
    }

    @Test
    void beyondLoopbackWithoutCredentialsRefusesToStart() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromFile(yaml("server:\n  host: 0.0.0.0\n"), Map.of(), MODELS));
        assertThat(e.problems(), hasItem(containsString("auth.credentials-file: missing; SigV4 is on because server.host")));
    }

    @Test
    void authCannotBeTurnedOffBeyondLoopback() throws IOException {
        Path file = credentials("rw-------");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromFile(
                yaml("server:\n  host: 192.168.1.20\nauth:\n  enabled: false\n  credentials-file: " + file + "\n"), Map.of(), MODELS));
        assertThat(e.problems(), hasSize(1));
        assertThat(e.problems().getFirst(), containsString("auth.enabled: false is refused"));
    }

    @Test
    void beyondLoopbackWithACredentialsFileTurnsAuthOn() throws IOException {
        Path file = credentials("rw-------");
        FacegateConfig config = ConfigLoader.fromFile(
                yaml("server:\n  host: 0.0.0.0\nauth:\n  credentials-file: " + file + "\n"), Map.of(), MODELS);
        assertThat(config.auth().enabled(), is(true));
        assertThat(config.auth().credentialsFile().orElseThrow(), is(file));
    }

    @Test
    void badAdmissionKeysAreReportedTogether() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromFile(yaml("""
                auth:
                  enabled: maybe
                admission:
                  max-concurrent: none
                  max-queued: -1
                  key-rate: -2
                """), Map.of(), MODELS));
        assertThat(e.problems(), hasSize(4));
        assertThat(e.problems(), hasItem(containsString("auth.enabled: 'maybe' is not one of auto, true, false")));
        assertThat(e.problems(), hasItem(containsString("admission.max-concurrent: 'none'")));
    }

    @Test
    void explicitAdmissionValues() throws IOException {
        FacegateConfig config = ConfigLoader.fromFile(yaml(
                "admission:\n  max-concurrent: 3\n  max-queued: 0\n  key-rate: 2.5\n  key-burst: 4\n"), Map.of(), MODELS);
        assertThat(config.admission().maxConcurrent(), is(3));
        assertThat(config.admission().maxQueued(), is(0));
        assertThat(config.admission().keyRate(), is(2.5));
        assertThat(config.admission().keyBurst(), is(4));
    }
}
