package io.facegate.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's own account of its memory, from a service started with {@code -XX:NativeMemoryTracking=summary}:
 * {@code jcmd PID VM.native_memory summary} (committed kB per NMT category), {@code GC.heap_info} (Java heap used)
 * and {@code VM.flags} (the collector the JVM chose). NMT sees only what the JVM allocates; ONNX Runtime's
 * allocations (its own malloc and mmap calls) are invisible to it.
 *
 * @param committedKb NMT category → committed kB, in NMT's order ("Java Heap", "Class", "Thread", "Code", "GC", …)
 */
record NativeMemory(long totalCommittedKb, Map<String, Long> committedKb, long heapUsedKb, long metaspaceUsedKb,
                    String collector) {

    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB", Pattern.MULTILINE);
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB[,)]",
            Pattern.MULTILINE);
    private static final Pattern HEAP_USED = Pattern.compile("heap.*?used (\\d+)K");
    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");
    private static final Pattern COLLECTOR = Pattern.compile("-XX:\\+Use(\\w+GC)\\b");

    static NativeMemory of(Path jcmd, long pid) {
        String nmt = jcmd(jcmd, pid, "VM.native_memory", "summary", "scale=KB");
        Matcher total = TOTAL.matcher(nmt);
        if (!total.find()) {
            throw new BenchException("jcmd " + pid + " VM.native_memory summary gave no total (was the service started with "
                    + "-XX:NativeMemoryTracking=summary?):\n" + nmt);
        }
        Map<String, Long> categories = new LinkedHashMap<>();
        Matcher c = CATEGORY.matcher(nmt);
        while (c.find()) {
            categories.put(c.group(1).trim(), Long.parseLong(c.group(3)));
        }
        String heapInfo = jcmd(jcmd, pid, "GC.heap_info");
        String flags = jcmd(jcmd, pid, "VM.flags");
        Matcher collector = COLLECTOR.matcher(flags);
        return new NativeMemory(Long.parseLong(total.group(2)), categories, first(HEAP_USED, heapInfo),
                first(METASPACE, heapInfo), collector.find() ? collector.group(1) : "?");
    }

    long committed(String category) {
        return committedKb.getOrDefault(category, 0L);
    }

    private static long first(Pattern p, String text) {
        Matcher m = p.matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(Path jcmd, long pid, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of(jcmd.toString(), String.valueOf(pid)));
        args.addAll(List.of(command));
        String out = Tools.output(Path.of("/"), null, args);
        if (out == null) {
            throw new BenchException("'" + String.join(" ", args) + "' failed");
        }
        return out;
    }
}
