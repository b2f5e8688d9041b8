package io.facegate.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import io.facegate.it.FacegateServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** The unit's ExecStartPost readiness check against the real server and against a port nobody serves. */
class WaitReadyIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @Test
    void readyOnceTheServerAnswers() throws InterruptedException {
        URI uri = WaitReady.readyUri("127.0.0.1", SERVER.port());
        assertThat(WaitReady.waitReady(uri, Duration.ofSeconds(30)), is(true));
    }

    @Test
    void notReadyWhileNothingListens() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI uri = WaitReady.readyUri("127.0.0.1", port);
        assertThat(WaitReady.waitReady(uri, Duration.ofSeconds(1)), is(false));
    }

    @Test
    void wildcardHostsArePolledOnLoopback() {
        assertThat(WaitReady.readyUri("0.0.0.0", 8080).toString(),
                is("http://127.0.0.1:8080/observe/health/ready"));
        assertThat(WaitReady.readyUri("::", 8080).toString(),
                is("http://[::1]:8080/observe/health/ready"));
    }
}
