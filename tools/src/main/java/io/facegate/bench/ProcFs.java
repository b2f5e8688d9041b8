package io.facegate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What {@code /proc/PID} says about a process: resident memory from {@code status}, CPU time from {@code stat}. */
final class ProcFs {

    private static final long TICKS_PER_SECOND = ticksPerSecond();

    private ProcFs() {
    }

    /** The resident set of {@code /proc/PID/status}, in kB: VmRSS = RssAnon + RssFile + RssShmem; VmHWM its peak. */
    record Memory(long vmRss, long vmHwm, long rssAnon, long rssFile, long rssShmem) {
        double mb() {
            return vmRss / 1024.0;
        }
    }

    static Memory memory(long pid) {
        List<String> lines = read(Path.of("/proc", String.valueOf(pid), "status"));
        return new Memory(kb(lines, "VmRSS:"), kb(lines, "VmHWM:"), kb(lines, "RssAnon:"), kb(lines, "RssFile:"),
                kb(lines, "RssShmem:"));
    }

    /** User plus system CPU time of every thread of the process so far, in milliseconds. */
    static long cpuMillis(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat")).getFirst();
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[14 - 3]) + Long.parseLong(f[15 - 3]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }

    static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new BenchException("cannot read " + file + " (has the process exited?): " + e.getMessage(), e);
        }
    }

    private static long kb(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key)).findFirst()
                .map(l -> Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0])).orElse(0L);
    }

    private static long ticksPerSecond() {
        String out = Tools.output(Path.of("/"), "100", List.of("getconf", "CLK_TCK"));
        try {
            return Long.parseLong(out);
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
