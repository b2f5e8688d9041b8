package io.facegate.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The service in its own JVM ({@code io.facegate.Main} from this JVM's class path), for tests that must observe the
 * process from outside: its files, its heap. Configured by system properties; ready once {@code /observe/health}
 * answers 200.
 */
public final class ServiceJvm implements AutoCloseable {

    private final Process process;
    private final URI endpoint;
    private final Path log;

    private ServiceJvm(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /**
     * Starts the service on a free loopback port with the test models, {@code jvmOptions} and {@code properties},
     * in {@code workDir}, its output in {@code log}; the manifest jar is written to {@code scratch}.
     */
    public static ServiceJvm start(Path scratch, Path workDir, Path log, List<String> jvmOptions,
                                   Map<String, String> properties) throws IOException, InterruptedException {
        return start(scratch, workDir, log, jvmOptions, properties, Map.of());
    }

    /** As above, with {@code environment} added to this JVM's; a {@code server.port} property overrides the free port. */
    public static ServiceJvm start(Path scratch, Path workDir, Path log, List<String> jvmOptions,
                                   Map<String, String> properties, Map<String, String> environment)
            throws IOException, InterruptedException {
        int port;
        if (properties.containsKey("server.port")) {
            port = Integer.parseInt(properties.get("server.port"));
        } else {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dserver.port=" + port, "-Dserver.host=127.0.0.1",
                "-Dmodels.dir=" + FacegateServer.modelsDir(), "-Dmodels.detector=" + FacegateServer.DETECTOR));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-cp", classPathJar(scratch.resolve("classpath.jar")).toString(), "io.facegate.Main"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        ServiceJvm service = new ServiceJvm(process, URI.create("http://127.0.0.1:" + port + "/"), log);
        try (HttpClient http = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (true) {
                try {
                    if (http.send(HttpRequest.newBuilder(service.endpoint.resolve("/observe/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return service;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    service.close();
                    throw new IllegalStateException("service did not start (" + (process.isAlive() ? "timeout"
                            : "exit " + process.exitValue()) + "): " + Files.readString(log) + "\n" + command);
                }
                Thread.sleep(200);
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /**
     * A manifest-only jar naming this JVM's class path: libonnxruntime.so crashes (SIGSEGV) a JVM whose command line
     * is longer than about 4 KB, and the test class path is longer.
     */
    static Path classPathJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            classPath.append(Path.of(entry).toUri()).append(' ');
        }
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().strip());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            return jar;
        }
    }
}
