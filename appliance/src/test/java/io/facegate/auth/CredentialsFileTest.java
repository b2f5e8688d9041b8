package io.facegate.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CredentialsFileTest {

    @TempDir
    Path dir;

    private Path write(String text, String permissions) throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    @Test
    void readsKeysAndActions() throws Exception {
        Map<String, AccessKey> keys = CredentialsFile.read(write("""
                # id secret actions
                AKIDDOOR01   door-secret-1   rekognition:DetectFaces
                AKIDADMIN    admin-secret-2  *
                """, "rw-------"));
        assertThat(keys.get("AKIDDOOR01").allows("rekognition:DetectFaces"), is(true));
        assertThat(keys.get("AKIDDOOR01").allows("rekognition:DetectLabels"), is(false));
        assertThat(keys.get("AKIDADMIN").allows("facegate:Status"), is(true));
        assertThat(keys.get("AKIDADMIN").secret(), is("admin-secret-2"));
    }

    @Test
    void refusesAFileOthersCanRead() throws Exception {
        Path file = write("AKIDDOOR01 door-secret-1 rekognition:DetectFaces\n", "rw-r--r--");
        var e = assertThrows(CredentialsFile.CredentialsException.class, () -> CredentialsFile.read(file));
        assertThat(e.getMessage(), containsString("chmod 600"));
        assertThat(e.getMessage(), not(containsString("door-secret-1")));
    }

    @Test
    void reportsEveryBadLineWithoutItsSecret() throws Exception {
        Path file = write("""
                AKIDDOOR01 door-secret-1
                AKID! short-secret-2 rekognition:DetectFaces
                AKIDDOOR03 tiny rekognition:DetectFaces
                AKIDDOOR04 door-secret-4 not an action
                AKIDDOOR05 door-secret-5 DetectFaces
                """, "r--------");
        var e = assertThrows(CredentialsFile.CredentialsException.class, () -> CredentialsFile.read(file));
        assertThat(e.problems(), hasSize(5));
        for (String secret : Set.of("door-secret-1", "short-secret-2", "tiny", "door-secret-4", "door-secret-5")) {
            assertThat(e.getMessage(), not(containsString(secret)));
        }
    }

    @Test
    void refusesAnEmptyOrMissingFile() throws Exception {
        Path empty = write("# nothing\n", "rw-------");
        assertThrows(CredentialsFile.CredentialsException.class, () -> CredentialsFile.read(empty));
        assertThrows(CredentialsFile.CredentialsException.class, () -> CredentialsFile.read(dir.resolve("missing")));
    }
}
