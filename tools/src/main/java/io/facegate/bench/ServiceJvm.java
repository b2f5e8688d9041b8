package io.facegate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The real service in a JVM of its own, launched as the board's launcher does ({@code java $JAVA_OPTS
 * --enable-native-access=ALL-UNNAMED -jar facegate.jar --config FILE}), its models the default ones beside the jar.
 * {@link #readyMillis} runs from just before the process is started to the first 200 of
 * {@code GET /observe/health/ready} (models loaded, a probe inference answered), polled every 20 ms.
 */
final class ServiceJvm implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;
    private final double readyMillis;
    private final long cpuMillisAtReady;

    private ServiceJvm(Process process, int port, Path log, double readyMillis, long cpuMillisAtReady) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.readyMillis = readyMillis;
        this.cpuMillisAtReady = cpuMillisAtReady;
    }

    /**
     * Starts the service with {@code yaml} (which must set server.port to {@code port}) and waits until it is ready.
     * {@code extraJvmOptions} go after the packaged ones (e.g. NMT).
     */
    static ServiceJvm start(BenchSetup setup, String label, int port, String yaml, List<String> extraJvmOptions) {
        Path config = setup.work().resolve(label + ".yaml");
        Path log = setup.work().resolve(label + "-service.log");
        try {
            Files.writeString(config, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>();
        command.add(setup.java().toString());
        command.addAll(setup.jvmOptions());
        command.addAll(extraJvmOptions);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", setup.jar().toString(), "--config",
                config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(setup.root().toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        Process process = Children.start(builder);
        awaitReady(process, URI.create("http://127.0.0.1:" + port + "/observe/health/ready"), log);
        double readyMillis = (System.nanoTime() - t0) / 1e6;
        return new ServiceJvm(process, port, log, readyMillis, ProcFs.cpuMillis(process.pid()));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitReady(Process process, URI ready, Path log) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        HttpRequest request = HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BenchException("the service exited with " + process.exitValue() + " before it was ready; its log ("
                        + log + ") ends:\n" + tail(log));
            }
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for the service", e);
            }
            sleep(20);
        }
        Children.stop(process, 10);
        throw new BenchException("the service was not ready within " + READY_TIMEOUT + "; its log (" + log + ") ends:\n"
                + tail(log));
    }

    long pid() {
        return process.pid();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    double readyMillis() {
        return readyMillis;
    }

    long cpuMillisAtReady() {
        return cpuMillisAtReady;
    }

    /** Throws, with the exit code and the end of the service's log, when the service has exited. */
    void checkAlive(String during) {
        if (!process.isAlive()) {
            throw new BenchException("the service exited with " + process.exitValue() + " " + during + "; its log ("
                    + log + ") ends:\n" + tail(log));
        }
    }

    /** {@code GET path} as text (e.g. /status). */
    String get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri().resolve(path)).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new BenchException("GET " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchException("interrupted", e);
        }
    }

    /** SIGTERM (the service's own shutdown: outputs safe, listener closed), SIGKILL after 20 s. */
    @Override
    public void close() {
        Children.stop(process, 20);
    }
}
