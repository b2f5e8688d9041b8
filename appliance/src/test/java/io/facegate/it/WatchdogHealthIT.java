package io.facegate.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;

import io.facegate.ops.SystemdNotifier;
import io.facegate.ops.WaitReady;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The watchdog pings follow health: once inference fails inside the real server (its models closed under it, as in
 * {@link ReadinessIT}), {@code /observe/health} says 503 and no more WATCHDOG=1 arrives, so systemd would restart
 * the unit. The notifier sends to an abstract socket name ({@code @...}).
 */
class WatchdogHealthIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @Test
    void pingsStopWhenTheDetectorFails() throws Exception {
        assumeTrue(NotifyListener.available(), "python3 is not installed");
        String address = "@facegate-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        URI health = WaitReady.localUri("127.0.0.1", SERVER.port(), "/observe/health");
        try (NotifyListener systemd = NotifyListener.bind(address);
             SystemdNotifier notifier = SystemdNotifier.start(
                     Map.of("NOTIFY_SOCKET", address, "WATCHDOG_USEC", "400000"), health)) {
            systemd.await("READY=1", 1, Duration.ofSeconds(30));
            systemd.await("WATCHDOG=1", 3, Duration.ofSeconds(30));

            SERVER.closeModels();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (status(health) == 200) {
                assertThat("health still 200 after closing the models", System.nanoTime() < deadline, is(true));
                Thread.sleep(200);
            }
            // A check already answered may still ping once; after that, none while health stays DOWN.
            Thread.sleep(1000);
            long pings = systemd.count("WATCHDOG=1");
            Thread.sleep(3000);
            assertThat("health is " + status(health), status(health), is(503));
            assertThat("pings while unhealthy: " + systemd.messages(), systemd.count("WATCHDOG=1"), is(pings));

            notifier.close();
            systemd.await("STOPPING=1", 1, Duration.ofSeconds(10));
        }
    }

    private static int status(URI health) {
        return SERVER.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(30)).GET().build()).statusCode();
    }
}
