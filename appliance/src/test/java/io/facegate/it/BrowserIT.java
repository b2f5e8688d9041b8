package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.facegate.board.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The status page in a real browser: Debian's headless Chromium, driven over the DevTools protocol, against the real
 * service with SigV4 on, a folder camera and a {@code gpio.provider: none} output. The page signs in with an access
 * key (its own SigV4 code, in the browser), shows the camera streaming; a face photo dropped into the folder makes
 * the output active and a face box appear, both read from the DOM; the layout fits an 800×480 kiosk screen and a
 * phone without sideways scrolling; no error reaches the console. Screenshot: {@code target/status-page.png}
 * ({@code -Dfacegate.docs.write=true} also writes {@code docs/images/status-page.png}, the README's).
 */
class BrowserIT {

    private static final String KEY = "AKIDKIOSK";
    private static final String SECRET = "kiosk-secret";
    private static Path drops;

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> {
        try {
            drops = Files.createTempDirectory("facegate-browser-drops-");
            Path credentials = Files.writeString(drops.getParent().resolve("browser-credentials-" + System.nanoTime()),
                    KEY + " " + SECRET + " facegate:GetStatus,facegate:GetEvents,facegate:GetPreview\n");
            Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
            return Map.ofEntries(
                    Map.entry("auth.enabled", "true"),
                    Map.entry("auth.credentials-file", credentials.toString()),
                    Map.entry("detector.tile-above-pixels", "1000"),
                    Map.entry("cameras.door.source", "folder"),
                    Map.entry("cameras.door.folder", drops.toString()),
                    Map.entry("cameras.door.poll", "50ms"),
                    Map.entry("gpio.provider", "none"),
                    Map.entry("gpio.outputs.strike.line", "17"),
                    Map.entry("gpio.outputs.strike.mode", "level"),
                    Map.entry("gpio.outputs.strike.hold", "60s"),
                    Map.entry("gpio.outputs.strike.max-on", "60s"),
                    Map.entry("gpio.outputs.strike.cool-down", "0s"),
                    Map.entry("gpio.outputs.porch-light.line", "27"),
                    Map.entry("rules.open-door.camera", "door"),
                    Map.entry("rules.open-door.min-confidence", "0.8"),
                    Map.entry("rules.open-door.output", "strike"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    @TempDir
    static Path scratch;

    @BeforeAll
    static void chromium() {
        assumeTrue(Chromium.binary() != null, "Chromium is not installed (.ci/run installs Debian's chromium)");
    }

    @Test
    void aFacePhotoTurnsTheOutputActiveAndDrawsAFaceBoxInTheBrowser() throws Exception {
        try (Chromium browser = new Chromium(scratch)) {
            browser.screen(800, 480, false);
            browser.navigate(SERVER.endpoint().resolve("/").toString());
            browser.await("document.querySelector('#sign-in') && !document.querySelector('#sign-in').hidden",
                    Duration.ofSeconds(20));
            browser.eval("document.querySelector('#key-id').value = '" + KEY + "';"
                    + "document.querySelector('#key-secret').value = '" + SECRET + "';"
                    + "document.querySelector('#sign-in').requestSubmit(); true");
            browser.await("!document.querySelector('#page').hidden", Duration.ofSeconds(10));
            browser.await("document.querySelector('[data-camera=\"door\"] .state')?.dataset.state === 'streaming'",
                    Duration.ofSeconds(20));
            browser.await("document.querySelector('#link').dataset.state === 'live'", Duration.ofSeconds(10));
            assertThat("idle before the face", browser.eval(
                    "document.querySelector('[data-output=\"strike\"]').dataset.active").asText(), is("false"));

            new FolderCamera(drops).drop(FolderCamera.faceJpeg());
            browser.await("document.querySelector('[data-output=\"strike\"]').dataset.active === 'true'",
                    Duration.ofSeconds(20));
            browser.await("document.querySelectorAll('[data-camera=\"door\"] .face-box').length === 1",
                    Duration.ofSeconds(10));
            assertThat(browser.eval("document.querySelector('[data-output=\"porch-light\"]').dataset.active")
                    .asText(), is("false"));
            assertThat("the event list shows the rule", browser.eval("document.querySelector('#events').innerText"
                    + ".includes('rule open-door')").asBoolean(), is(true));
            assertThat("fits 800×480 without scrolling sideways", fitsWidth(browser), is(true));
            Thread.sleep(600);  // one more status poll: frame rates filled in for the picture
            byte[] png = browser.screenshot();
            Path target = Files.createDirectories(Path.of("target"));
            Files.write(target.resolve("status-page.png"), png);
            if (Boolean.getBoolean("facegate.docs.write")) {
                Files.write(Files.createDirectories(Tools.repo().resolve("docs/images")).resolve("status-page.png"),
                        png);
            }

            browser.screen(390, 844, true);
            Thread.sleep(300);
            assertThat("fits a phone without scrolling sideways", fitsWidth(browser), is(true));
            Files.write(target.resolve("status-page-phone.png"), browser.screenshot());
            assertThat("no JavaScript error in the console", browser.errors(), is(List.of()));
        }
    }

    private static boolean fitsWidth(Chromium browser) throws Exception {
        return browser.eval("document.documentElement.scrollWidth <= window.innerWidth").asBoolean();
    }
}
