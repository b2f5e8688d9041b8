package io.facegate.deb;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The built packages as dpkg sees them ({@code dpkg-deb --info/--contents}), and the amd64 one unpacked and run
 * through its own launcher: ready per its readiness check, answering DetectFaces with the packaged models, telling
 * a notify socket (python3 playing systemd) READY=1, WATCHDOG=1 and, on SIGTERM, STOPPING=1.
 */
class DebPackageIT {

    private static final Path TARGET = Path.of(System.getProperty("facegate.deb.dir", "target"));
    private static final Path APPLIANCE = Path.of(System.getProperty("facegate.appliance.target", "../appliance/target"));
    private static final Path PHOTOS = APPLIANCE.resolve("../../models-quantized/target/test-photos").normalize();

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void controlDeclaresTheArchitectureJavaAndTheMaintainerScripts(String arch) throws Exception {
        Path deb = deb(arch);
        String info = run("dpkg-deb", "--info", deb.toString()).stdout();
        assertThat(info, containsString("Package: facegate"));
        assertThat(info, containsString("Architecture: " + arch));
        assertThat(info, containsString("Depends: adduser, openjdk-25-jre-headless | openjdk-21-jre-headless"));
        for (String script : List.of("postinst", "postrm", "prerm")) {
            assertThat(script, info.matches("(?s).*\\*\\s+" + script + "\\s+#!/bin/sh.*"), is(true));
        }
        String conffiles = run("dpkg-deb", "--info", deb.toString(), "conffiles").stdout();
        assertThat(conffiles.lines().sorted().toList(),
                is(List.of("/etc/default/facegate", "/etc/facegate/facegate.yaml", "/etc/facegate/logging.properties")));
        String postinst = run("dpkg-deb", "--info", deb.toString(), "postinst").stdout();
        assertThat(postinst, containsString("adduser --system"));
        assertThat(postinst, containsString("systemctl enable facegate.service"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void contentsHoldJarLibsModelsUnitRulesAndConfig(String arch) throws Exception {
        List<String> contents = run("dpkg-deb", "--contents", deb(arch).toString()).stdout().lines().toList();
        List<String> files = contents.stream().map(l -> l.substring(l.indexOf("./") + 1)).toList();
        for (String path : List.of("/usr/share/facegate/facegate.jar", "/usr/lib/systemd/system/facegate.service",
                "/usr/lib/udev/rules.d/99-facegate.rules", "/etc/facegate/facegate.yaml", "/etc/default/facegate",
                "/usr/share/facegate/firmware-config/config.txt",
                "/usr/share/facegate/models/blazeface-back-256/model.onnx",
                "/usr/share/facegate/models/blazeface-back-256/manifest.json",
                "/usr/share/facegate/models/blazeface-front-128/model.onnx",
                "/usr/share/facegate/models/blazeface-front-128/manifest.json")) {
            assertThat(files, hasItem(path));
        }
        String variant = arch.equals("arm64") ? "int8-arm64" : "int8-x86-64";
        String other = arch.equals("arm64") ? "int8-x86-64" : "int8-arm64";
        // Every int8 file of this CPU the build made (a manifest may map a variant to fp32 instead: no file then).
        List<String> built;
        try (Stream<Path> models = Files.list(APPLIANCE.resolve("models"))) {
            built = models.map(m -> m.resolve("model." + variant + ".onnx")).filter(Files::isRegularFile)
                    .map(f -> "/usr/share/facegate/models/" + f.getParent().getFileName() + "/" + f.getFileName())
                    .toList();
        }
        assertThat(built.contains("/usr/share/facegate/models/blazeface-back-256/model." + variant + ".onnx"), is(true));
        for (String file : built) {
            assertThat(files, hasItem(file));
        }
        assertThat("only this CPU's int8 files", files.stream().filter(f -> f.contains(other)).toList(), is(List.of()));
        assertThat(contents.stream().filter(l -> l.endsWith("./usr/lib/facegate/facegate")).toList().getFirst(),
                containsString("-rwxr-xr-x root/root"));
        try (JarFile jar = new JarFile(APPLIANCE.resolve("facegate.jar").toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            for (String lib : classPath.split(" ")) {
                assertThat("the jar's Class-Path entry " + lib, files, hasItem("/usr/share/facegate/" + lib));
            }
            // The evaluation and training tools live in the tools module, not in the service.
            assertThat("io/facegate/eval in facegate.jar", jar.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("io/facegate/eval/")).toList(), is(List.of()));
        }
        assertThat("a tools jar in the package", files.stream().filter(f -> f.contains("facegate-tools")).toList(),
                is(List.of()));
        String ort = files.stream().filter(f -> f.matches("/usr/share/facegate/libs/onnxruntime-[0-9.]+\\.jar"))
                .findFirst().orElseThrow();
        try (JarFile jar = new JarFile(APPLIANCE.resolve("libs").resolve(Path.of(ort).getFileName()).toFile())) {
            String natives = arch.equals("arm64") ? "linux-aarch64" : "linux-x64";
            assertThat(jar.getEntry("ai/onnxruntime/native/" + natives + "/libonnxruntime.so") != null, is(true));
            assertThat(jar.getEntry("ai/onnxruntime/native/" + natives + "/libonnxruntime4j_jni.so") != null, is(true));
        }
        String jna = files.stream().filter(f -> f.matches("/usr/share/facegate/libs/jna-[0-9.]+\\.jar"))
                .findFirst().orElseThrow();
        try (JarFile jar = new JarFile(APPLIANCE.resolve("libs").resolve(Path.of(jna).getFileName()).toFile())) {
            String natives = arch.equals("arm64") ? "linux-aarch64" : "linux-x86-64";
            assertThat("JNA's stub for sd_notify", jar.getEntry("com/sun/jna/" + natives + "/libjnidispatch.so") != null,
                    is(true));
        }
    }

    @Test
    void unpackedAmd64PackageStartsThroughItsLauncherAndFindsAFace(@TempDir Path root) throws Exception {
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "runs the package of this machine's architecture");
        assumeTrue(onPath("python3"), "python3 plays systemd's notify socket");
        run("dpkg-deb", "-x", deb("amd64").toString(), root.toString());
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Map<String, String> env = Map.of("FACEGATE_HOME", root.resolve("usr/share/facegate").toString(),
                "FACEGATE_JAVA", java, "SERVER_PORT", Integer.toString(port),
                "MODELS_DIR", root.resolve("usr/share/facegate/models").toString());
        String launcher = root.resolve("usr/lib/facegate/facegate").toString();
        String config = root.resolve("etc/facegate/facegate.yaml").toString();
        Path log = root.resolve("service.log");
        // systemd's side of sd_notify, as the unit's Type=notify and WatchdogSec= set it up (a faster watchdog).
        Path notifySocket = root.resolve("notify.sock");
        Path notified = root.resolve("notified.txt");
        Process systemd = new ProcessBuilder("python3", "-u", "-c", """
                import socket, sys
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.bind(sys.argv[1])
                print('bound', flush=True)
                while True:
                    print(s.recv(4096).decode(), flush=True)
                """, notifySocket.toString()).redirectErrorStream(true).redirectOutput(notified.toFile()).start();
        awaitLine(notified, "bound", 1);
        ProcessBuilder service = new ProcessBuilder(launcher, "run", "--config", config)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        service.environment().putAll(env);
        service.environment().put("NOTIFY_SOCKET", notifySocket.toString());
        service.environment().put("WATCHDOG_USEC", "400000");
        Process process = service.start();
        try {
            ProcessBuilder waitReady = new ProcessBuilder(launcher, "wait-ready", "--config", config, "--timeout", "90")
                    .redirectErrorStream(true);
            waitReady.environment().putAll(env);
            Process ready = waitReady.start();
            String readyOut = new String(ready.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(readyOut + Files.readString(log), ready.waitFor(), is(0));

            byte[] photo = Files.readAllBytes(PHOTOS.resolve("sample3.jpg"));
            String body = "{\"Image\": {\"Bytes\": \"" + Base64.getEncoder().encodeToString(photo) + "\"}}";
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .header("X-Amz-Target", "RekognitionService.DetectFaces")
                            .header("Content-Type", "application/x-amz-json-1.1")
                            .timeout(Duration.ofSeconds(60))
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body(), response.statusCode(), is(200));
            assertThat(response.body(), containsString("\"BoundingBox\""));
            awaitLine(notified, "READY=1", 1);
            awaitLine(notified, "WATCHDOG=1", 3);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        try {
            assertThat("SIGTERM stops the service cleanly: " + Files.readString(log), process.exitValue(), is(143));
            awaitLine(notified, "STOPPING=1", 1);
        } finally {
            systemd.destroy();
        }
    }

    /** Waits up to 60 s until {@code file} has {@code times} lines equal to {@code line}. */
    private static void awaitLine(Path file, String line, int times) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Files.readAllLines(file).stream().filter(line::equals).count() < times) {
            assertThat("'" + line + "' x" + times + " in " + Files.readAllLines(file), System.nanoTime() < deadline,
                    is(true));
            Thread.sleep(50);
        }
    }

    private static Path deb(String arch) throws IOException {
        assumeTrue(onPath("dpkg-deb"), "dpkg-deb is not installed");
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("facegate_.+_" + arch + "\\.deb"))
                    .toList();
            assertThat(debs, hasSize(1));
            return debs.getFirst();
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    record Result(String stdout, String stderr) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("facegate-deb-", ".out");
        Path err = Files.createTempFile("facegate-deb-", ".err");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            assertThat("timed out: " + String.join(" ", command), process.waitFor(120, TimeUnit.SECONDS), is(true));
            Result result = new Result(Files.readString(out), Files.readString(err));
            assertThat(String.join(" ", command) + ": " + result.stderr(), process.exitValue(), is(0));
            return result;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
