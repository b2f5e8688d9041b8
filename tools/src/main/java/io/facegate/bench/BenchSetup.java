package io.facegate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What every part of the benchmark needs, checked once before anything starts: the service jar and its default
 * models, the test photos, a java (and jcmd) for the service, ffmpeg, and the service's JVM options.
 *
 * @param root        the repository (bin/run-tool runs from there)
 * @param java        the java binary that runs the service: env {@code JAVA}, else the one running the benchmark
 * @param jcmd        jcmd beside it, if present (the NMT breakdown needs it)
 * @param jvmOptions  the packaged options of {@code firmware-config/default} without the logging file under /etc,
 *                    or env {@code JAVA_OPTS} when set
 * @param optionsFrom where {@link #jvmOptions} came from, for the output
 * @param photos      the sample photos of {@code models-quantized/target/test-photos}, sorted by name
 * @param work        scratch folder for configs, frames and service logs
 */
record BenchSetup(Path root, Path java, Optional<Path> jcmd, List<String> jvmOptions, String optionsFrom,
                  Path jar, Path models, List<Path> photos, Path work) {

    static final String BUILD = "mvn -B -q -DskipTests package";
    static final String PHOTOS = "mvn -B -q -pl models-quantized verify";
    private static final Pattern JAVA_OPTS_LINE = Pattern.compile("^JAVA_OPTS=\"([^\"]*)\"\\s*$", Pattern.MULTILINE);

    /** @param ffmpeg whether the parts to run stream through ffmpeg (then its absence is a problem) */
    static BenchSetup check(Path root, Map<String, String> env, boolean ffmpeg) {
        Path jar = root.resolve("appliance/target/facegate.jar");
        Path models = root.resolve("appliance/target/models");
        Path photoDir = root.resolve("models-quantized/target/test-photos");
        List<String> problems = new ArrayList<>();
        if (!Files.isRegularFile(jar)) {
            problems.add("no " + root.relativize(jar) + ": build it with " + BUILD);
        }
        if (!Files.isDirectory(models.resolve("blazeface-back-256"))) {
            problems.add("no default models in " + root.relativize(models) + ": build them with " + BUILD);
        }
        List<Path> photos = photos(photoDir);
        if (photos.size() < 2) {
            problems.add("no test photos in " + root.relativize(photoDir) + " (sample1.jpg .. sample6.jpg): fetch them with "
                    + PHOTOS + " (the models-quantized tests download them)");
        }
        if (ffmpeg && !Tools.works("ffmpeg", "-version")) {
            problems.add("ffmpeg is not installed (the camera parts stream through a real ffmpeg): apt-get install ffmpeg");
        }
        Path java = env.containsKey("JAVA") ? Path.of(env.get("JAVA"))
                : ProcessHandle.current().info().command().map(Path::of).orElse(Path.of("java"));
        if (!Files.isExecutable(java)) {
            problems.add("JAVA=" + java + " is not an executable java binary");
        }
        if (!problems.isEmpty()) {
            throw new BenchException("cannot run:\n  - " + String.join("\n  - ", problems));
        }
        Path jcmd = java.resolveSibling("jcmd");
        String fromEnv = env.get("JAVA_OPTS");
        List<String> options = fromEnv != null ? split(fromEnv) : packagedOptions(root.resolve("firmware-config/default"));
        String from = fromEnv != null ? "env JAVA_OPTS" : "firmware-config/default without its -Djava.util.logging.config.file=/etc/...";
        Path work = root.resolve("appliance/target/bench-board");
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new BenchException("cannot create " + work + ": " + e.getMessage(), e);
        }
        return new BenchSetup(root, java, Files.isExecutable(jcmd) ? Optional.of(jcmd) : Optional.empty(), options,
                from, jar, models, photos, work);
    }

    /** The JAVA_OPTS of the packaged /etc/default/facegate, minus the logging configuration that lives under /etc. */
    static List<String> packagedOptions(Path defaults) {
        String text;
        try {
            text = Files.readString(defaults);
        } catch (IOException e) {
            throw new BenchException("cannot read " + defaults + " (the packaged JVM options): " + e.getMessage(), e);
        }
        Matcher m = JAVA_OPTS_LINE.matcher(text);
        if (!m.find()) {
            throw new BenchException(defaults + " has no line JAVA_OPTS=\"...\"; set JAVA_OPTS to the options to measure");
        }
        return split(m.group(1)).stream().filter(o -> !o.startsWith("-Djava.util.logging.config.file=/etc/")).toList();
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Path> photos(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("sample\\d+\\.jpg")).sorted().toList();
        } catch (IOException e) {
            throw new BenchException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
