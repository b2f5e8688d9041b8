package io.facegate.it;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.facegate.it.CameraRig.output;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

/** Start-up and shutdown of the real service in its own JVM, as systemd runs it. */
class LifecycleIT {

    @TempDir
    Path dir;

    /**
     * Item 11: a port in use stops the service with a non-zero status and a clear message (so
     * {@code Restart=on-failure} restarts it), before any camera or GPIO line is started.
     */
    @Test
    void aPortInUseIsAFailureNotASilentExit() throws Exception {
        Path drop = Files.createDirectory(dir.resolve("drop"));
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "--enable-native-access=ALL-UNNAMED", "-Xmx384m",
                    "-Dserver.port=" + port, "-Dserver.host=127.0.0.1",
                    "-Dmodels.dir=" + FacegateServer.modelsDir(), "-Dmodels.attributes=false",
                    "-Dcameras.door.source=folder", "-Dcameras.door.folder=" + drop,
                    "-cp", ServiceJvm.classPathJar(dir.resolve("classpath.jar")).toString(), "io.facegate.Main"));
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("out.txt").toFile()).start();
            assertThat("exited", p.waitFor(90, TimeUnit.SECONDS), is(true));
            String out = Files.readString(dir.resolve("out.txt"));
            assertThat(out, p.exitValue(), is(not(0)));
            assertThat(out, containsString("cannot listen on 127.0.0.1:" + port));
            assertThat("no camera started: " + out, out.contains("camera door"), is(false));
        }
    }

    /**
     * Item 12: on SIGTERM the active output goes to its safe state first, the change reaches {@code /events}
     * subscribers before their stream ends, and the line saying so survives in the log.
     */
    @Test
    void sigtermDrivesTheOutputSafeTellsSubscribersAndLogsIt() throws Exception {
        Path drop = Files.createDirectory(dir.resolve("drop"));
        Map<String, String> door = Map.of(
                "cameras.door.source", "folder", "cameras.door.folder", drop.toString(), "cameras.door.poll", "50ms",
                "gpio.provider", "none",
                "gpio.outputs.door.line", "17", "gpio.outputs.door.mode", "level", "gpio.outputs.door.hold", "60s",
                "gpio.outputs.door.max-on", "120s",
                "rules.open.output", "door", "models.attributes", "false");
        try (ServiceJvm service = ServiceJvm.start(dir, dir, dir.resolve("log.txt"), List.of("-Xmx384m"), door);
             var events = new CameraRig.EventClient(service.endpoint())) {
            Path tmp = Files.write(drop.resolve(".face.part"), Fixtures.jpeg(CameraRig.faceFrame(), false));
            Files.move(tmp, drop.resolve("face.jpg"), StandardCopyOption.ATOMIC_MOVE);
            int on = events.await(0, output("door", true), Duration.ofSeconds(30));

            service.process().toHandle().destroy();
            assertThat("exited", service.process().waitFor(30, TimeUnit.SECONDS), is(true));
            int off = events.await(on, output("door", false), Duration.ofSeconds(5));
            assertThat(events.events().get(off).get("reason"), is("shutdown"));
            for (int i = 0; i < 100 && !events.ended(); i++) {
                Thread.sleep(50);
            }
            assertThat("the event stream ended after the shutdown change", events.ended(), is(true));
            String log = Files.readString(service.log());
            int drive = log.lastIndexOf("would drive output door (line 17) low");
            assertThat(log, drive, greaterThan(-1));
            assertThat("the safe state is logged before the end", drive, lessThan(log.indexOf("facegate stopped")));
            assertThat(service.process().exitValue(), is(143));
        }
    }
}
