package io.facegate.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service in its own JVM, started as systemd starts a {@code Type=notify} unit with {@code WatchdogSec=}:
 * {@code NOTIFY_SOCKET} names a real datagram socket (python3 listening on a path) and {@code WATCHDOG_USEC} is
 * 400 ms. READY=1 comes only once the port answers, WATCHDOG=1 keeps coming, STOPPING=1 follows SIGTERM.
 */
class SystemdNotifyIT {

    @TempDir
    Path dir;

    @Test
    void readyOnceServingThenWatchdogPingsThenStoppingOnSigterm() throws Exception {
        assumeTrue(NotifyListener.available(), "python3 is not installed");
        Path socket = dir.resolve("notify.sock");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI health = URI.create("http://127.0.0.1:" + port + "/observe/health");
        try (NotifyListener systemd = NotifyListener.bind(socket.toString());
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            CompletableFuture<ServiceJvm> starting = CompletableFuture.supplyAsync(() -> {
                try {
                    return ServiceJvm.start(dir, dir, dir.resolve("service.log"), List.of("-Xmx512m"),
                            Map.of("server.port", Integer.toString(port)),
                            Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "400000"));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                // READY=1 is looked for first, then the port asked: once READY=1 has arrived, the service answers.
                while (systemd.count("READY=1") == 0 && !starting.isDone()) {
                    Thread.sleep(20);
                }
                if (systemd.count("READY=1") > 0) {
                    assertThat("READY=1 before " + health + " answered 200", status(http, health), is(200));
                }
                ServiceJvm service = starting.get();
                systemd.await("READY=1", 1, Duration.ofSeconds(30));
                systemd.await("WATCHDOG=1", 5, Duration.ofSeconds(30));
                List<String> received = systemd.messages();
                assertThat("READY=1 comes first: " + received, received.indexOf("READY=1"),
                        lessThan(received.indexOf("WATCHDOG=1")));
                assertThat(received.toString(), systemd.count("READY=1"), is(1L));

                // SIGTERM, as systemctl stop sends it.
                service.process().destroy();
                assertThat("exited", service.process().waitFor(30, TimeUnit.SECONDS), is(true));
                systemd.await("STOPPING=1", 1, Duration.ofSeconds(10));
                assertThat(Files.readString(service.log()), service.process().exitValue(), is(143));
            } finally {
                ServiceJvm service = starting.exceptionally(e -> null).get();
                if (service != null) {
                    service.close();
                }
            }
        }
    }

    private static int status(HttpClient http, URI uri) throws InterruptedException {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }
}
