package io.facegate.trigger;

import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import com.pi4j.io.gpio.digital.DigitalState;
import io.facegate.admission.Admission;
import io.facegate.config.ConfigLoader;
import io.facegate.config.FacegateConfig;
import io.facegate.detect.DetectionProfile;
import io.facegate.pipeline.FacePipeline;
import io.facegate.gpio.MockGpio;
import io.facegate.it.CameraRig;
import io.facegate.it.Fixtures;
import io.facegate.model.ModelRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** A button press makes a camera limited to one detection per 100 s detect its waiting frame at once. */
class InputTriggerTest {

    @TempDir
    Path dir;

    @Test
    void buttonTriggersAnImmediateDetection() throws Exception {
        Path drop = Files.createDirectory(dir.resolve("drop"));
        Path yaml = Files.writeString(dir.resolve("kiosk.yaml"), """
                models: {dir: %s}
                cameras:
                  hall: {source: folder, folder: %s, poll: 50ms, detect-fps: 0.01}
                gpio:
                  provider: gpiod
                  outputs:
                    wake: {line: 17, mode: level, hold: 10s, cool-down: 0s, max-on: 20s}
                  inputs:
                    button: {line: 27, pull: up, active-low: true, debounce: 5ms, camera: hall}
                rules:
                  wake: {camera: hall, output: wake}
                """.formatted(System.getProperty("facegate.test.models"), drop));
        FacegateConfig config = ConfigLoader.fromFile(yaml, Map.of(), Path.of("models"));
        MockGpio gpio = new MockGpio();
        try (ModelRegistry models = ModelRegistry.load(config.models());
             Triggers triggers = Triggers.start(config.triggers(), FacePipeline.create(config, models),
                     DetectionProfile.of(config.detector()), gpio, new Admission(2, 0, Duration.ZERO))) {
            waitFor(() -> triggers.cameraStatus().getFirst().state().equals("streaming"), 5000);
            drop(drop, "1.jpg", Fixtures.jpeg(CameraRig.noFaceFrame(), false));
            waitFor(() -> triggers.cameraStatus().getFirst().framesProcessed() == 1, 5000);
            drop(drop, "2.jpg", Fixtures.jpeg(CameraRig.faceFrame(), false));
            waitFor(() -> triggers.cameraStatus().getFirst().framesIn() == 2, 5000);
            Thread.sleep(500);
            assertThat("the rate limit holds the face frame back", triggers.cameraStatus().getFirst().framesProcessed(),
                    is(1L));
            assertThat(gpio.high("wake"), is(false));

            gpio.input("button").mockState(DigitalState.HIGH);  // released: pulled up
            Thread.sleep(100);
            assertThat(triggers.cameraStatus().getFirst().framesProcessed(), is(1L));
            gpio.input("button").mockState(DigitalState.LOW);   // pressed
            waitFor(() -> gpio.high("wake"), 5000);
            assertThat(triggers.cameraStatus().getFirst().framesProcessed(), is(2L));
        }
    }

    private static void drop(Path folder, String name, byte[] jpeg) throws Exception {
        Path tmp = Files.write(folder.resolve("." + name + ".part"), jpeg);
        Files.move(tmp, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + timeoutMs + " ms");
            }
            Thread.sleep(10);
        }
    }
}
