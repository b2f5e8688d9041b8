package io.facegate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Where and on what the figures were taken: commit, date, machine, load, java, ffmpeg, the service's options. */
final class Machine {

    private Machine() {
    }

    static void header(BenchSetup setup, List<String> parts) {
        Out.line("facegate bin/bench-board %s", String.join(" ", parts));
        Out.line("date: %s", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(
                ZonedDateTime.now().getZone())).replaceFirst("\\.\\d+", ""));
        String commit = Tools.output(setup.root(), "unknown", List.of("git", "rev-parse", "--short", "HEAD"));
        boolean dirty = !Tools.output(setup.root(), "", List.of("git", "status", "--porcelain", "--untracked-files=no"))
                .isEmpty();
        Out.line("commit: %s%s", commit, dirty ? " (with uncommitted changes)" : "");
        Out.line("machine: %d cores (nproc), %s, %s RAM, kernel %s", Runtime.getRuntime().availableProcessors(),
                cpuInfo("model name"), memTotal(), Tools.output(setup.root(), "?", List.of("uname", "-r")));
        Out.line("load average at start: %s", loadAverage());
        Out.line("service java: %s (%s)", setup.java(), Tools.output(setup.root(), "?",
                List.of(setup.java().toString(), "-version")).lines().findFirst().orElse("?"));
        Out.line("ffmpeg: %s", Tools.output(setup.root(), "not installed", List.of("ffmpeg", "-version")).lines()
                .findFirst().orElse("?"));
        Out.line("service JVM options (%s): %s", setup.optionsFrom(), String.join(" ", setup.jvmOptions()));
        Out.line("service command: %s %s --enable-native-access=ALL-UNNAMED -jar %s --config %s/<part>.yaml",
                setup.java().getFileName(), String.join(" ", setup.jvmOptions()), setup.root().relativize(setup.jar()),
                setup.root().relativize(setup.work()));
        Out.line("models: the defaults beside the jar (%s); every other key at its default", setup.root()
                .relativize(setup.models()));
    }

    static String loadAverage() {
        List<String> lines = ProcFs.read(Path.of("/proc/loadavg"));
        String[] f = lines.getFirst().split(" ");
        return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
    }

    private static String cpuInfo(String key) {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String memTotal() {
        return ProcFs.read(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .map(l -> String.format(java.util.Locale.ROOT, "%.1f GB",
                        Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .findFirst().orElse("?");
    }
}
