package io.facegate.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /proc/PID/smaps} summed by what each mapping is: resident kB per kind of mapping, and of it how much is
 * anonymous (private pages not backed by a file: copy-on-write data of a library, or memory with no file at all).
 * Kinds: anonymous mmap (the Java heap, metaspace, thread stacks, code cache, and native mallocs above glibc's mmap
 * threshold or in its per-thread arenas), {@code [heap]} (glibc's main malloc arena, grown by brk), ONNX Runtime's
 * libraries, libjvm.so, other shared libraries, jars, the JDK's module image and CDS archive, mapped model files,
 * other files and the kernel's special mappings.
 */
record Smaps(Map<String, long[]> byKind) {

    static final String ANONYMOUS = "anonymous mmap (no file)";
    static final String BRK_HEAP = "[heap] (glibc main malloc arena)";
    static final String ORT = "libonnxruntime*.so (ONNX Runtime)";
    static final String JVM = "libjvm.so";
    static final String LIBS = "other shared libraries (.so)";
    static final String JARS = "jars";
    static final String JDK_IMAGE = "JDK lib/modules and CDS archive";
    static final String MODELS = "model files (.onnx)";
    static final String OTHER_FILES = "other files";
    static final String SPECIAL = "[stack], [vdso], other [..]";
    private static final List<String> ORDER = List.of(ANONYMOUS, BRK_HEAP, ORT, JVM, LIBS, JARS, JDK_IMAGE, MODELS,
            OTHER_FILES, SPECIAL);

    static Smaps of(long pid) {
        Map<String, long[]> byKind = new LinkedHashMap<>();
        ORDER.forEach(k -> byKind.put(k, new long[2]));
        long[] current = null;
        for (String line : ProcFs.read(Path.of("/proc", String.valueOf(pid), "smaps"))) {
            if (isMappingHeader(line)) {
                current = byKind.get(kind(pathOf(line)));
            } else if (current != null && line.startsWith("Rss:")) {
                current[0] += kb(line);
            } else if (current != null && line.startsWith("Anonymous:")) {
                current[1] += kb(line);
            }
        }
        return new Smaps(byKind);
    }

    long rssKb(String kind) {
        return byKind.get(kind)[0];
    }

    long anonymousKb(String kind) {
        return byKind.get(kind)[1];
    }

    long totalRssKb() {
        return byKind.values().stream().mapToLong(v -> v[0]).sum();
    }

    static String kind(String path) {
        if (path.isEmpty()) {
            return ANONYMOUS;
        }
        if (path.equals("[heap]")) {
            return BRK_HEAP;
        }
        if (path.startsWith("[")) {
            return SPECIAL;
        }
        String name = path.substring(path.lastIndexOf('/') + 1).replace(" (deleted)", "");
        if (name.startsWith("libonnxruntime")) {
            return ORT;
        }
        if (name.equals("libjvm.so")) {
            return JVM;
        }
        if (name.endsWith(".so") || name.contains(".so.")) {
            return LIBS;
        }
        if (name.endsWith(".jar")) {
            return JARS;
        }
        if (name.equals("modules") || name.endsWith(".jsa")) {
            return JDK_IMAGE;
        }
        if (name.endsWith(".onnx") || name.endsWith(".ort")) {
            return MODELS;
        }
        return OTHER_FILES;
    }

    /** A mapping's first line: {@code start-end perms offset dev inode [path]}; field lines are {@code Key: value}. */
    private static boolean isMappingHeader(String line) {
        int dash = line.indexOf('-');
        int space = line.indexOf(' ');
        return dash > 0 && space > dash && line.substring(0, dash).chars().allMatch(ch -> Character.digit(ch, 16) >= 0);
    }

    private static String pathOf(String header) {
        String[] f = header.trim().split("\\s+", 6);
        return f.length < 6 ? "" : f[5].trim();
    }

    private static long kb(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim().split("\\s+")[0]);
    }
}
