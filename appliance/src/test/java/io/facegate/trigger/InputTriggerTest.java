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

/** A button press makes a stream camera limited to one detection per 100 s detect its newest frame at once. */
class InputTriggerTest {

    @TempDir
    Path dir;

    @Test
    void buttonTriggersAnImmediateDetection() throws Exception {
        Path frame = dir.resolve("frame.jpg");
        replace(frame, Fixtures.jpeg(CameraRig.noFaceFrame(), false));
        Path yaml = Files.writeString(dir.resolve("kiosk.yaml"), """
                models: {dir: %s}
                cameras:
                  hall:
                    source: process
                    command: [sh, -c, "while true; do cat %s; sleep 0.1; done"]
                    detect-fps: 0.01
                gpio:
                  provider: gpiod
                  outputs:
                    wake: {line: 17, mode: level, hold: 10s, cool-down: 0s, max-on: 20s}
                  inputs:
                    button: {line: 27, pull: up, active-low: true, debounce: 5ms, camera: hall}
                rules:
                  wake: {camera: hall, output: wake}
                """.formatted(System.getProperty("facegate.test.models"), frame));
        FacegateConfig config = ConfigLoader.fromFile(yaml, Map.of(), Path.of("models"));
        MockGpio gpio = new MockGpio();
        try (ModelRegistry models = ModelRegistry.load(config.models());
             Triggers triggers = Triggers.start(config.triggers(), FacePipeline.create(config, models),
                     DetectionProfile.of(config.detector()), gpio, new Admission(2, 0, Duration.ZERO))) {
            waitFor(() -> triggers.cameraStatus().getFirst().framesProcessed() == 1, 5000);
            replace(frame, Fixtures.jpeg(CameraRig.faceFrame(), false));
            long before = triggers.cameraStatus().getFirst().framesIn();
            waitFor(() -> triggers.cameraStatus().getFirst().framesIn() > before + 5, 5000);
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

    private static void replace(Path file, byte[] jpeg) throws Exception {
        Path tmp = Files.write(file.resolveSibling(file.getFileName() + ".part"), jpeg);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
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
