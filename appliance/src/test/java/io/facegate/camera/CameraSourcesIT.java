package io.facegate.camera;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.config.TriggerConfig;
import io.facegate.detect.DetectionProfile;
import io.facegate.face.Face;
import io.facegate.it.CameraRig;
import io.facegate.it.Fixtures;
import io.facegate.model.ModelRegistry;
import io.facegate.pipeline.FacePipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The stdout-subprocess and snapshot-folder sources with the real detector, and frame dropping under load. */
class CameraSourcesIT {

    private static ModelRegistry models;
    private static FacePipeline pipeline;
    private static DetectionProfile profile;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        FacegateConfig config = ConfigLoader.fromKeys(Map.of(), Path.of(System.getProperty("facegate.test.models")));
        models = ModelRegistry.load(config.models());
        pipeline = FacePipeline.create(config, models);
        profile = DetectionProfile.of(config.detector());
    }

    @AfterAll
    static void close() {
        if (models != null) {
            models.close();
        }
    }

    /** Records what a camera reports. */
    static final class Recorder implements Camera.Listener {
        final List<Camera.Detected> detected = new CopyOnWriteArrayList<>();
        final List<String> states = new CopyOnWriteArrayList<>();

        @Override
        public void stateChanged(String camera, Camera.State state, String detail) {
            states.add(state.name());
        }

        @Override
        public void detected(Camera.Detected d) {
            detected.add(d);
        }
    }

    private static TriggerConfig.Camera camera(TriggerConfig.Source source, double fps) {
        return new TriggerConfig.Camera("test", source, fps, Optional.empty(), Optional.empty(),
                Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /**
     * ffmpeg writes a 1920×1350 group photo at 30 fps to stdout; with 3×3 tiles each detection takes several frame
     * intervals. Frames must be dropped (counted), never queued: in + dropped + processed balance at every moment
     * and the heap after GC stays flat.
     */
    @Test
    void subprocessSourceWithASlowDetectorDropsFramesAndMemoryStaysFlat() throws Exception {
        assumeTrue(CameraRig.ffmpegPresent(), "ffmpeg is not installed (.ci/run installs it)");
        var source = new TriggerConfig.ProcessSource(CameraRig.stdoutCommand(Fixtures.photo(1), 30, 8));
        Recorder recorder = new Recorder();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Camera camera = new Camera(camera(source, 100), pipeline, profile, recorder)) {
            camera.start();
            waitFor(() -> camera.status().framesProcessed() >= 3, 20_000);
            long heapEarly = heapAfterGc(memory);
            Camera.Status early = camera.status();
            waitFor(() -> recorder.states.contains("RECONNECTING"), 30_000);
            Camera.Status end = camera.status();
            long heapLate = heapAfterGc(memory);

            System.out.printf("slow detector: %d frames in, %d processed, %d dropped; heap after GC %d -> %d KiB%n",
                    end.framesIn(), end.framesProcessed(), end.framesDropped(), heapEarly / 1024, heapLate / 1024);
            for (Camera.Status s : List.of(early, end)) {
                long pending = s.framesIn() - s.framesProcessed() - s.framesDropped() - s.badFrames();
                assertThat("at most one frame waits, whatever the load", pending, is(both(greaterThanOrEqualTo(0L))
                        .and(lessThanOrEqualTo(2L))));
            }
            assertThat("ffmpeg wrote about 8 s × 30 fps", end.framesIn(), greaterThan(150L));
            assertThat("the slow detector saw a fraction", end.framesDropped(), greaterThan(end.framesProcessed()));
            assertThat("heap after GC grew by " + (heapLate - heapEarly) / 1024 + " KiB while "
                    + (end.framesIn() - early.framesIn()) + " more frames arrived", heapLate - heapEarly,
                    lessThan(32L << 20));
            assertThat("sample1.jpg's three faces are found", recorder.detected.getFirst().result().faces(), hasSize(3));
            assertThat(recorder.states.getFirst(), is("CONNECTING"));
            assertThat(recorder.states.get(1), is("STREAMING"));
        }
    }

    @Test
    void aFailingCommandIsRestartedWithGrowingBackoffAndItsErrorReported() throws Exception {
        var source = new TriggerConfig.ProcessSource(List.of("sh", "-c", "echo 'no camera on /dev/video9' >&2; exit 3"));
        Recorder recorder = new Recorder();
        try (Camera camera = new Camera(camera(source, 5), pipeline, profile, recorder)) {
            camera.start();
            // One state change into reconnecting; each retry then only updates the detail /status shows.
            List<String> details = new java.util.ArrayList<>();
            long end = System.nanoTime() + 10_000_000_000L;
            while (details.size() < 4 && System.nanoTime() < end) {
                Camera.Status status = camera.status();
                if (status.reconnects() > details.size()) {
                    details.add(status.detail());
                }
                Thread.sleep(5);
            }
            assertThat(details.getFirst(), is("java.io.IOException: sh exited with status 3: no camera on /dev/video9;"
                    + " retrying in 100 ms"));
            assertThat(details.subList(0, 4).stream().map(d -> d.replaceAll(".*retrying in ", "")).toList(),
                    is(List.of("100 ms", "200 ms", "400 ms", "400 ms")));
            assertThat(camera.status().reconnects(), greaterThanOrEqualTo(4L));
            assertThat("no flapping: " + recorder.states, recorder.states, is(List.of("CONNECTING", "RECONNECTING")));
        }
    }

    @Test
    void folderSourceProcessesEachNewFileOnceAndIgnoresFilesAlreadyThere() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("drop"));
        Files.write(folder.resolve("old.jpg"), Fixtures.jpeg(CameraRig.faceFrame(), false));
        Recorder recorder = new Recorder();
        try (Camera camera = new Camera(camera(new TriggerConfig.FolderSource(folder, Duration.ofMillis(50)), 20),
                pipeline, profile, recorder)) {
            camera.start();
            waitFor(() -> recorder.states.contains("STREAMING"), 5000);
            drop(folder, "a-face.jpg", Fixtures.jpeg(CameraRig.faceFrame(), false));
            waitFor(() -> recorder.detected.size() == 1, 10_000);
            drop(folder, "b-empty.jpg", Fixtures.jpeg(CameraRig.noFaceFrame(), false));
            Files.writeString(folder.resolve("notes.txt"), "not a frame");
            waitFor(() -> recorder.detected.size() == 2, 10_000);
            Thread.sleep(500);
            assertThat("each file once; old.jpg and notes.txt never", recorder.detected, hasSize(2));
            assertThat(recorder.detected.get(0).result().faces(), hasSize(1));
            assertThat(recorder.detected.get(1).result().faces(), hasSize(0));
            assertThat(camera.status().framesIn(), is(2L));
            assertThat(camera.status().framesDropped(), is(0L));
        }
    }

    @Test
    void regionOfInterestIsSearchedAloneAndBoxesComeBackInFrameCoordinates() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("roi"));
        var left = new TriggerConfig.Camera("left", new TriggerConfig.FolderSource(folder, Duration.ofMillis(50)), 20,
                Optional.of(new TriggerConfig.Box(0, 0, 0.5, 1)), Optional.empty(), Duration.ofMillis(100),
                Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(10));
        var centre = new TriggerConfig.Camera("centre", left.source(), 20,
                Optional.of(new TriggerConfig.Box(0.25, 0, 0.75, 1)), Optional.empty(), Duration.ofMillis(100),
                Duration.ofMillis(400), Duration.ofSeconds(5), Duration.ofSeconds(10));
        Recorder leftSeen = new Recorder();
        Recorder centreSeen = new Recorder();
        try (Camera a = new Camera(left, pipeline, profile, leftSeen);
             Camera b = new Camera(centre, pipeline, profile, centreSeen)) {
            a.start();
            b.start();
            Thread.sleep(300);
            drop(folder, "face.jpg", Fixtures.jpeg(CameraRig.faceFrame(), false));
            waitFor(() -> leftSeen.detected.size() == 1 && centreSeen.detected.size() == 1, 10_000);
            assertThat("the face straddles the middle: cut in half, not found", leftSeen.detected.getFirst().result().faces(),
                    hasSize(0));
            var face = centreSeen.detected.getFirst().result().faces().getFirst().box();
            assertThat("centre in whole-frame coordinates", face.left() + face.width() / 2,
                    is(org.hamcrest.Matchers.closeTo(0.5, 0.06)));
        }
    }

    private static void drop(Path folder, String name, byte[] jpeg) throws Exception {
        Path tmp = Files.write(folder.resolve("." + name + ".part"), jpeg);
        Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        System.gc();
        Thread.sleep(200);
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeoutMs + " ms");
            }
            Thread.sleep(10);
        }
    }
}
