package io.facegate.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TriggerConfigTest {

    private static final Path MODELS = Path.of("models");

    @TempDir
    Path dir;

    @Test
    void noCamerasNoLinesByDefault() {
        TriggerConfig t = ConfigLoader.fromKeys(Map.of(), MODELS).triggers();
        assertThat(t.cameras().isEmpty(), is(true));
        assertThat(t.gpio().provider(), is(TriggerConfig.Gpio.Provider.NONE));
        assertThat(t.rules().isEmpty(), is(true));
    }

    @Test
    void aDoorConfigurationReadsIntoTypedValues() throws IOException {
        Path drop = Files.createDirectory(dir.resolve("drop"));
        Path file = write("""
                cameras:
                  front:
                    source: http
                    url: http://192.168.1.20/video.mjpg
                    detect-fps: 4
                    region: 0.25, 0, 0.5, 1
                  pi:
                    source: process
                    command: [rpicam-vid, -t, "0", --codec, mjpeg, -o, "-"]
                  ftp:
                    source: folder
                    folder: %s
                    poll: 1s
                gpio:
                  provider: gpiod
                  chip: pinctrl-rp1
                  outputs:
                    strike: {line: 17, mode: pulse, pulse: 2s, active-low: true, cool-down: 5s, max-on: 8s}
                  inputs:
                    exit-button: {line: 27, pull: up, active-low: true, debounce: 30ms, camera: front}
                rules:
                  open: {camera: front, min-faces: 1, min-confidence: 0.9, min-face-size: 80px, window: "07:00-19:30", output: strike}
                """.formatted(drop));
        TriggerConfig t = ConfigLoader.fromFile(file, Map.of(), MODELS).triggers();
        assertThat(t.cameras().keySet(), is(java.util.Set.of("front", "pi", "ftp")));
        assertThat(t.cameras().get("front").region().orElseThrow(), is(new TriggerConfig.Box(0.25, 0, 0.5, 1)));
        assertThat(((TriggerConfig.ProcessSource) t.cameras().get("pi").source()).command(),
                is(List.of("rpicam-vid", "-t", "0", "--codec", "mjpeg", "-o", "-")));
        assertThat(((TriggerConfig.FolderSource) t.cameras().get("ftp").source()).poll(), is(Duration.ofSeconds(1)));
        var strike = t.gpio().outputs().get("strike");
        assertThat(strike.activeLow(), is(true));
        assertThat(strike.pulse(), is(Duration.ofSeconds(2)));
        assertThat(strike.initialActive(), is(false));
        assertThat(t.gpio().chip().orElseThrow(), is("pinctrl-rp1"));
        assertThat(t.gpio().inputs().get("exit-button").debounce(), is(Duration.ofMillis(30)));
        var open = t.rules().get("open");
        assertThat(open.minFaceSize(), is(new TriggerConfig.FaceSize(80, true)));
        assertThat(open.window().orElseThrow().contains(LocalTime.of(12, 0)), is(true));
        assertThat(open.window().orElseThrow().contains(LocalTime.of(20, 0)), is(false));
    }

    @Test
    void everyBadTriggerKeyIsReportedAtOnce() throws IOException {
        Path file = write("""
                cameras:
                  front: {source: rtsp, detect-fps: fast}
                  back: {source: http, url: "ftp://x", regoin: "0,0,1,1"}
                gpio:
                  provider: sysfs
                  outputs:
                    strike: {line: 17, mode: toggle, pulse: 20s, max-on: 10s}
                    light: {line: 18, initial: open}
                    bell: {line: 22}
                  inputs:
                    button: {line: 22}
                rules:
                  open: {camera: side, min-faces: 0, region: "0.5,0.5,0.7,0.2", window: "7-19", output: buzzer}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromFile(file, Map.of(), MODELS));
        List<String> p = e.problems();
        assertThat(p, hasItem(containsString("cameras.front.source: 'rtsp' is not one of http, process, folder")));
        assertThat(p, hasItem(containsString("cameras.front.detect-fps: 'fast' is not a number")));
        assertThat(p, hasItem(containsString("cameras.back.url: 'ftp://x' is not an http(s) URL")));
        assertThat(p, hasItem(containsString("unknown key 'cameras.back.regoin'")));
        assertThat(p, hasItem(containsString("gpio.provider: 'sysfs' is not one of gpiod, none")));
        assertThat(p, hasItem(containsString("gpio.outputs.strike.mode: 'toggle' is not one of pulse, level")));
        assertThat(p, hasItem(containsString("gpio.outputs.strike.pulse: must be above 0 and at most max-on")));
        assertThat(p, hasItem(containsString("gpio.outputs.light.initial: 'open' is not idle or active")));
        assertThat(p, hasItem(containsString("gpio.inputs.button.line: line 22 is already used by gpio.outputs.bell")));
        assertThat(p, hasItem(containsString("rules.open.camera: 'side' is not a configured camera")));
        assertThat(p, hasItem(containsString("rules.open.min-faces: '0' is not a whole number in 1..100")));
        assertThat(p, hasItem(containsString("rules.open.region: '0.5,0.5,0.7,0.2' is not left,top,width,height")));
        assertThat(p, hasItem(containsString("rules.open.window: '7-19' is not HH:MM-HH:MM")));
        assertThat(p, hasItem(containsString("rules.open.output: 'buzzer' is not a configured gpio.outputs.<name>")));
        assertThat(String.join("\n", p), p, hasSize(14));
    }

    @Test
    void aTimeWindowMayWrapOverMidnight() {
        var night = new TriggerConfig.TimeWindow(LocalTime.of(22, 0), LocalTime.of(6, 0));
        assertThat(night.contains(LocalTime.of(23, 30)), is(true));
        assertThat(night.contains(LocalTime.of(5, 59)), is(true));
        assertThat(night.contains(LocalTime.of(6, 0)), is(false));
        assertThat(night.contains(LocalTime.of(12, 0)), is(false));
    }

    private Path write(String yaml) throws IOException {
        return Files.writeString(dir.resolve("facegate.yaml"), yaml);
    }
}
