package io.facegate.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.facegate.config.ConfigException;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;

/**
 * A readiness check for scripts ({@code facegate wait-ready}; the unit itself is told by {@link SystemdNotifier}):
 * reads the same configuration as the service, then polls
 * {@code GET /observe/health/ready} on its host and port until it answers 200. Exit 0 when ready, 1 after
 * {@code --timeout SECONDS} (default 170, inside the unit's TimeoutStartSec), 2 on a bad configuration.
 * Usage: {@code java -cp facegate.jar io.facegate.ops.WaitReady [--config FILE] [--timeout SECONDS]}.
 */
public final class WaitReady {

    private WaitReady() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path configFile = null;
        long timeoutSeconds = 170;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config" -> configFile = Path.of(args[i + 1]);
                case "--timeout" -> timeoutSeconds = Long.parseLong(args[i + 1]);
                default -> {
                    System.err.println("facegate wait-ready: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        FacegateConfig config;
        try {
            config = ConfigLoader.load(configFile, Path.of("models"));
        } catch (ConfigException e) {
            System.err.println("facegate wait-ready: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (config.server().port() == 0) {
            System.err.println("facegate wait-ready: server.port is 0 (any free port); readiness cannot be polled");
            System.exit(2);
        }
        System.exit(waitReady(readyUri(config.server().host(), config.server().port()),
                Duration.ofSeconds(timeoutSeconds)) ? 0 : 1);
    }

    static URI readyUri(String host, int port) {
        return localUri(host, port, "/observe/health/ready");
    }

    /** {@code path} on the server listening on {@code host} and {@code port}; wildcard hosts are asked on loopback. */
    public static URI localUri(String host, int port, String path) {
        String address = switch (host) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        return URI.create("http://" + address + ":" + port + path);
    }

    /** Polls every 250 ms until a 200 or the deadline; connection refused (still loading models) means not yet. */
    static boolean waitReady(URI uri, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return true;
                }
                lastProblem = response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            Thread.sleep(250);
        }
        System.err.println("facegate wait-ready: " + uri + " not ready after " + timeout.toSeconds() + " s: " + lastProblem);
        return false;
    }
}
