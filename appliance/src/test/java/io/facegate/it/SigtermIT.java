package io.facegate.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * SIGTERM to a running service whose active-low door output is active: facegate's shutdown hook (racing Pi4J's own)
 * leaves the line at its idle level, high.
 */
class SigtermIT {

    @TempDir
    Path dir;

    @Test
    void sigtermLeavesAnActiveOutputAtItsShutdownLevel() throws Exception {
        Path drop = Files.createDirectory(dir.resolve("drop"));
        Path yaml = Files.writeString(dir.resolve("door.yaml"), """
                server: {port: 0}
                cameras:
                  door: {source: folder, folder: %s, poll: 50ms}
                gpio:
                  provider: gpiod
                  outputs:
                    door: {line: 17, mode: level, hold: 60s, max-on: 120s, active-low: true}
                rules:
                  open: {output: door}
                """.formatted(drop));
        // The class path goes in an argument file: libonnxruntime.so crashes a JVM whose command line exceeds ~4 KB.
        Path args = Files.writeString(dir.resolve("java.args"), "-cp \"" + System.getProperty("java.class.path") + "\"\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-Dmodels.dir=" + FacegateServer.modelsDir(),
                "@" + args, SigtermMain.class.getName(), yaml.toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            try {
                waitFor(p, lines, "ready HIGH", 60);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; stderr: " + Files.readString(dir.resolve("stderr.txt")));
            }
            Path tmp = Files.write(drop.resolve(".face.part"), Fixtures.jpeg(CameraRig.faceFrame(), false));
            Files.move(tmp, drop.resolve("face.jpg"), StandardCopyOption.ATOMIC_MOVE);
            waitFor(p, lines, "level door LOW", 30);

            // SIGTERM through the handle: Process.destroy() would also close our end of the child's stdout.
            p.toHandle().destroy();
            assertThat("exited", p.waitFor(30, TimeUnit.SECONDS), is(true));
            reader.join(5000);
            assertThat("exit " + p.exitValue() + "; stdout:\n" + String.join("\n", lines) + "\nstderr:\n"
                    + Files.readString(dir.resolve("stderr.txt")), lines, hasItem("final door HIGH"));
            assertThat("the last level driven is idle", lines.stream().filter(l -> l.startsWith("level door"))
                    .reduce((a, b) -> b).orElseThrow(), is("level door HIGH"));
        } finally {
            p.destroyForcibly();
        }
    }

    private static void waitFor(Process p, List<String> lines, String line, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!lines.contains(line)) {
            if (!p.isAlive()) {
                throw new AssertionError("the service exited with " + p.exitValue() + " before '" + line + "'; got "
                        + lines);
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("no '" + line + "' within " + seconds + " s; got " + lines);
            }
            Thread.sleep(20);
        }
    }
}
