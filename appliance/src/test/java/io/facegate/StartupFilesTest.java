package io.facegate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.facegate.config.ConfigException;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the configuration names on disk is checked at start-up by its owners, every problem at once. */
class StartupFilesTest {

    private static final Path MODELS = Path.of("models");

    @TempDir
    Path dir;

    private Path credentials(String permissions) throws IOException {
        Path file = Files.writeString(dir.resolve("credentials"), "AKIDDOOR01 door-secret-1 rekognition:DetectFaces\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void aPrivateCredentialsFileGivesTheVerifier() throws IOException {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of("server.host", "0.0.0.0",
                "auth.credentials-file", credentials("rw-------").toString()), MODELS);
        assertThat(Main.checkFiles(config).isPresent(), is(true));
    }

    @Test
    void aCredentialsFileReadableByOthersIsRefusedWithoutShowingTheSecret() throws IOException {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of("auth.enabled", "true",
                "auth.credentials-file", credentials("rw-r--r--").toString()), MODELS);
        ConfigException e = assertThrows(ConfigException.class, () -> Main.checkFiles(config));
        assertThat(e.getMessage(), containsString("accessible to group or others"));
        assertThat(e.getMessage(), not(containsString("door-secret-1")));
    }

    @Test
    void missingFoldersAreReportedTogether() {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of(
                "s3.buckets.photos", "/nonexistent/photos",
                "cameras.drop.source", "folder", "cameras.drop.folder", "/nonexistent/drop",
                "cameras.drop.snapshot-dir", "/nonexistent/snapshots"), MODELS);
        ConfigException e = assertThrows(ConfigException.class, () -> Main.checkFiles(config));
        assertThat(e.problems(), hasSize(3));
        assertThat(e.problems(), hasItem("s3.buckets.photos: folder '/nonexistent/photos' does not exist"));
        assertThat(e.problems(), hasItem("cameras.drop.folder: '/nonexistent/drop' is not a folder"));
        assertThat(e.problems(), hasItem("cameras.drop.snapshot-dir: '/nonexistent/snapshots' is not a folder"));
    }
}
