package io.facegate.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/bench-board [PART...]}: the figures of issue 13 ("the board budget") for the real service launched as
 * the board launches it. PARTs, in this order, default all: {@code ready} (ready time, RSS when ready and after ALL
 * traffic), {@code breakdown} (the same with NMT and smaps), {@code latency} (face onset → output active at 640×480
 * and 1280×720), {@code idle} (CPU streaming an unchanging face-free frame).
 *
 * <p>Env: {@code STARTS} (ready part, default 5), {@code CALLS} (DetectFaces ALL calls, 100), {@code CLIENTS} (calls at
 * once, 2), {@code CYCLES} (face onsets per resolution, 15), {@code IDLE_SECONDS} (20), {@code CAMERA_YAML} (keys
 * added to the camera), {@code JAVA_OPTS} (the service's JVM options instead of the packaged ones), {@code JAVA}.
 * A benchmark: it prints and asserts nothing.
 */
public final class BoardBench {

    private static final List<String> PARTS = List.of("ready", "breakdown", "latency", "idle");

    private BoardBench() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (BenchException e) {
            System.err.println("bench-board: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("bench-board failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        List<String> parts = args.length == 0 ? PARTS : List.of(args);
        for (String part : parts) {
            if (!PARTS.contains(part)) {
                throw new BenchException("unknown part '" + part + "'; parts: " + String.join(" ", PARTS));
            }
        }
        Map<String, String> env = System.getenv();
        BenchSetup setup = BenchSetup.check(Path.of("").toAbsolutePath(), env,
                parts.contains("latency") || parts.contains("idle"));
        int starts = number(env, "STARTS", 5);
        int calls = number(env, "CALLS", 100);
        int clients = number(env, "CLIENTS", 2);
        int cycles = number(env, "CYCLES", 15);
        int idleSeconds = number(env, "IDLE_SECONDS", 20);
        String cameraKeys = env.getOrDefault("CAMERA_YAML", "");
        long t0 = System.nanoTime();
        Machine.header(setup, parts);
        Set<String> chosen = Set.copyOf(parts);
        if (chosen.contains("ready")) {
            ReadyPart.run(setup, starts, calls, clients);
        }
        if (chosen.contains("breakdown")) {
            BreakdownPart.run(setup, calls, clients);
        }
        if (chosen.contains("latency")) {
            Scenes scenes = Scenes.from(setup.photos());
            OnsetStream stream = OnsetStream.of(15, cycles);
            for (int[] size : List.of(new int[] {640, 480}, new int[] {1280, 720})) {
                LatencyPart.run(setup, scenes, size[0], size[1], stream, cameraKeys);
            }
        }
        if (chosen.contains("idle")) {
            IdlePart.run(setup, idleSeconds, cameraKeys);
        }
        Out.line("");
        Out.line("done in %.0f s; load average at the end: %s", (System.nanoTime() - t0) / 1e9, Machine.loadAverage());
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BenchException(name + "=" + value + " is not a whole number of at least 1");
        }
    }
}
