package io.facegate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto} broker, started by a test on a free loopback port with anonymous access and no
 * persistence (a restart forgets every retained message, so what is there after one was sent again).
 */
public final class Mosquitto implements AutoCloseable {

    private final Path binary;
    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private Mosquitto(Path binary, Path dir, int port, String listener) throws IOException {
        this.binary = binary;
        this.port = port;
        // Started as root (CI), mosquitto would switch to user mosquitto, who cannot read the test's private folders.
        String user = "root".equals(System.getProperty("user.name")) ? "user root" : "";
        this.config = Files.writeString(dir.resolve("mosquitto.conf"), """
                listener %d 127.0.0.1
                persistence false
                log_dest stderr
                %s
                %s
                """.formatted(port, user, listener));
        this.log = dir.resolve("mosquitto.log");
    }

    /** The broker binary, or null when mosquitto is not installed. */
    public static Path binary() {
        for (String candidate : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    /** A broker on a free loopback port that lets anyone in, running. */
    public static Mosquitto start(Path dir) throws IOException, InterruptedException {
        return start(dir, "allow_anonymous true");
    }

    /** A broker on a free loopback port with these listener settings (TLS files, password file), running. */
    public static Mosquitto start(Path dir, String listener) throws IOException, InterruptedException {
        Path binary = binary();
        if (binary == null) {
            throw new IllegalStateException("mosquitto is not installed (.ci/run installs it)");
        }
        Mosquitto broker = new Mosquitto(binary, dir, CameraRig.freePort(), listener);
        broker.start();
        return broker;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker (again) on its port and waits until it accepts connections. */
    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited: " + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + ": " + Files.readString(log));
    }

    /** Stops the broker (SIGTERM) and waits for it. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
