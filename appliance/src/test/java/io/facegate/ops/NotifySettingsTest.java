package io.facegate.ops;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The environment as sd_notify(3) and sd_watchdog_enabled(3) read it, and the socket address built from it. */
class NotifySettingsTest {

    private static final long PID = 4242;

    @Test
    void withoutNotifySocketNothingIsSent() {
        assertThat(NotifySettings.from(Map.of(), PID), is(Optional.empty()));
        assertThat(NotifySettings.from(Map.of("NOTIFY_SOCKET", "", "WATCHDOG_USEC", "400000"), PID),
                is(Optional.empty()));
    }

    @Test
    void watchdogFromUsecForThisProcessOnly() {
        assertThat(NotifySettings.from(Map.of("NOTIFY_SOCKET", "/run/systemd/notify"), PID).orElseThrow(),
                is(new NotifySettings("/run/systemd/notify", Optional.empty())));
        assertThat(NotifySettings.from(Map.of("NOTIFY_SOCKET", "@n", "WATCHDOG_USEC", "30000000"), PID)
                .orElseThrow().watchdog(), is(Optional.of(Duration.ofSeconds(30))));
        assertThat(NotifySettings.from(Map.of("NOTIFY_SOCKET", "@n", "WATCHDOG_USEC", "400000",
                "WATCHDOG_PID", "4242"), PID).orElseThrow().watchdog(), is(Optional.of(Duration.ofMillis(400))));
        assertThat("the watchdog is another process's", NotifySettings.from(Map.of("NOTIFY_SOCKET", "@n",
                "WATCHDOG_USEC", "400000", "WATCHDOG_PID", "1"), PID).orElseThrow().watchdog(), is(Optional.empty()));
    }

    @Test
    void badValuesAreRefused() {
        for (Map<String, String> env : new Map[] {
                Map.of("NOTIFY_SOCKET", "@n", "WATCHDOG_USEC", "0"),
                Map.of("NOTIFY_SOCKET", "@n", "WATCHDOG_USEC", "30s"),
                Map.of("NOTIFY_SOCKET", "@n", "WATCHDOG_USEC", "400000", "WATCHDOG_PID", "-1")}) {
            NotifyException e = assertThrows(NotifyException.class, () -> NotifySettings.from(env, PID));
            assertThat(e.getMessage(), containsString("not a positive integer"));
        }
    }

    @Test
    void socketAddressesAsTheKernelTakesThem() {
        byte[] path = NotifySocket.address("/run/n");
        assertThat("family, path, NUL", path.length, is(2 + 6 + 1));
        assertThat(path[0] | path[1], is(1));
        assertThat(new String(path, 2, 6, java.nio.charset.StandardCharsets.US_ASCII), is("/run/n"));
        assertThat(path[8], is((byte) 0));
        byte[] abstractName = NotifySocket.address("@n");
        assertThat("family, NUL, name: no terminator", abstractName.length, is(2 + 2));
        assertThat(abstractName[2], is((byte) 0));
        assertThat(abstractName[3], is((byte) 'n'));
        for (String bad : new String[] {"run/n", "@", "/", "vsock:2:1234", "/" + "x".repeat(107)}) {
            assertThrows(NotifyException.class, () -> NotifySocket.address(bad), bad);
        }
        assertThat("107 bytes and the NUL fill sun_path", NotifySocket.address("/" + "x".repeat(106)).length,
                is(2 + 108));
    }

    @Test
    void withoutNotifySocketTheNotifierStartsNoThread() {
        SystemdNotifier.start(Map.of(), java.net.URI.create("http://127.0.0.1:1/observe/health")).close();
        assertThat(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("facegate-systemd")),
                is(false));
    }
}
