package io.facegate.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Browser sessions: only the read actions a key has, random tokens, expiry, a bound on how many are kept. */
class BrowserSessionsTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aSessionCarriesOnlyTheReadActionsOfItsKeyAndExpires() throws Exception {
        BrowserSessions sessions = new BrowserSessions(Duration.ofHours(1), clock);
        String token = sessions.open(new AccessKey("AKIDALL", "s", Set.of("*")));
        var session = sessions.find(token).orElseThrow();
        assertThat("a wildcard key still cannot DetectFaces through a browser", session.actions(),
                is(BrowserSessions.BROWSER_ACTIONS));
        String status = sessions.open(new AccessKey("AKIDOPS", "s", Set.of("facegate:GetStatus",
                "rekognition:DetectFaces")));
        assertThat(sessions.find(status).orElseThrow().actions(), is(Set.of("facegate:GetStatus")));
        assertThat(sessions.find("forged").isPresent(), is(false));

        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(sessions.find(token).isPresent(), is(true));
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat("expired after the ttl", sessions.find(token).isPresent(), is(false));

        String closed = sessions.open(new AccessKey("AKIDALL", "s", Set.of("*")));
        sessions.close(closed);
        assertThat(sessions.find(closed).isPresent(), is(false));
    }

    @Test
    void aKeyWithoutAReadActionGetsNoSessionAndTokensAreUniqueAndBounded() throws Exception {
        BrowserSessions sessions = new BrowserSessions(Duration.ofHours(1), clock);
        AuthException e = assertThrows(AuthException.class, () -> sessions.open(new AccessKey("AKIDAPI", "s",
                Set.of("rekognition:DetectFaces"))));
        assertThat(e.failure(), is(AuthFailure.AccessDeniedException));

        AccessKey key = new AccessKey("AKIDOPS", "s", Set.of("facegate:GetEvents"));
        String first = sessions.open(key);
        Set<String> tokens = new HashSet<>(Set.of(first));
        for (int i = 0; i < BrowserSessions.MAX; i++) {
            String t = sessions.open(key);
            assertThat("43 base64url characters: 256 random bits", t.length(), is(43));
            assertThat(tokens.add(t), is(true));
        }
        assertThat("the oldest is forgotten beyond " + BrowserSessions.MAX, sessions.find(first).isPresent(),
                is(false));
    }

    @Test
    void aSecretFileMustBePrivateAndNotEmpty(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "s3cret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        var open = assertThrows(SecretFile.SecretException.class, () -> SecretFile.read(file, "mqtt.password-file"));
        assertThat(open.getMessage(), containsString("mqtt.password-file"));
        assertThat(open.getMessage(), containsString("chmod 600"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(SecretFile.read(file, "mqtt.password-file"), is("s3cret"));
        Files.writeString(file, "\n");
        assertThat(assertThrows(SecretFile.SecretException.class, () -> SecretFile.read(file, "k")).getMessage(),
                containsString("empty"));
    }
}
