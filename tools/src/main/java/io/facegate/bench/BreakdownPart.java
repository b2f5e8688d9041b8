package io.facegate.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Part 2, breakdown: a separate start with {@code -XX:NativeMemoryTracking=summary}, the same traffic as the headline,
 * and at ready and after the traffic NMT's committed memory per JVM category, {@code /proc/PID/smaps} resident memory
 * per kind of mapping, and what is left for native code outside the JVM.
 */
final class BreakdownPart {

    /** Categories always shown; others only when they reach {@link #SHOWN_KB}, the rest summed as "other JVM". */
    private static final List<String> MAIN = List.of("Java Heap", "Class", "Metaspace", "Thread", "Code", "GC",
            "Compiler", "Arena Chunk", "Symbol", "Internal", "Other", MemorySnapshot.CDS, "Native Memory Tracking");
    private static final long SHOWN_KB = 1024;
    private static final java.util.Map<String, String> MEANING = java.util.Map.of(
            "Class", " (class space)", "Thread", " (stacks)", "Code", " (JIT code cache)",
            "GC", " (the collector's own structures)", "Compiler", " (JIT working memory)",
            "Arena Chunk", " (JIT and VM arenas)", "Other", " (direct ByteBuffers, Unsafe.allocateMemory)",
            MemorySnapshot.CDS, " (CDS archive, a file mapping)");

    private BreakdownPart() {
    }

    static void run(BenchSetup setup, int calls, int clients) {
        Out.section("2. RSS breakdown (a separate start with -XX:NativeMemoryTracking=summary)");
        if (setup.jcmd().isEmpty()) {
            Out.line("  skipped: no jcmd beside %s (a JDK, not a JRE, is needed for NMT)", setup.java());
            return;
        }
        Out.line("measured: jcmd PID VM.native_memory summary (committed), jcmd PID GC.heap_info (heap used),");
        Out.line("  /proc/PID/smaps Rss summed by mapping (Anonymous: private pages with no file behind them).");
        Out.line("  NMT adds its own overhead (its own category below, plus a header on every malloc), so this run's");
        Out.line("  RSS is higher than the headline's; the headline RSS above comes from the runs without NMT.");
        int port = ServiceJvm.freePort();
        MemorySnapshot ready;
        MemorySnapshot after;
        DetectFacesTraffic.Result traffic;
        try (ServiceJvm service = ServiceJvm.start(setup, "nmt", port, ServiceYaml.plain(port),
                List.of("-XX:NativeMemoryTracking=summary"))) {
            ready = MemorySnapshot.of(setup, service.pid());
            try {
                traffic = DetectFacesTraffic.run(service.uri(), setup.photos(), calls, clients);
            } catch (BenchException e) {
                service.checkAlive("during the DetectFaces traffic");
                throw e;
            }
            after = MemorySnapshot.of(setup, service.pid());
        }
        Out.line("  traffic: %s", traffic);
        Out.line("  collector chosen by the JVM: %s", after.nmt().collector());
        Out.line("");
        Out.line("  %-56s %10s %14s", "MB", "at ready", "after traffic");
        row("VmRSS (/proc/PID/status)", ready.status().vmRss(), after.status().vmRss());
        row("  VmHWM (peak so far)", ready.status().vmHwm(), after.status().vmHwm());
        Out.line("  JVM, NMT committed:");
        List<String> shown = shownCategories(ready, after);
        for (String category : shown) {
            row("  " + category + MEANING.getOrDefault(category, ""), ready.nmt().committed(category),
                    after.nmt().committed(category));
            if (category.equals("Java Heap")) {
                row("    of it used (GC.heap_info)", ready.nmt().heapUsedKb(), after.nmt().heapUsedKb());
            }
        }
        row("  other JVM (the remaining NMT categories)", otherKb(ready, shown), otherKb(after, shown));
        row("  NMT total committed", ready.nmt().totalCommittedKb(), after.nmt().totalCommittedKb());
        Out.line("  resident by mapping (/proc/PID/smaps Rss; anonymous part in brackets):");
        for (String kind : ready.smaps().byKind().keySet()) {
            Out.line("    %-54s %6.1f [%5.1f] %7.1f [%5.1f]", kind, Out.mb(ready.smaps().rssKb(kind)),
                    Out.mb(ready.smaps().anonymousKb(kind)), Out.mb(after.smaps().rssKb(kind)),
                    Out.mb(after.smaps().anonymousKb(kind)));
        }
        row("  total resident (= VmRSS)", ready.smaps().totalRssKb(), after.smaps().totalRssKb());
        row("  of it in file mappings (copy-on-write pages included)", fileMappedKb(ready), fileMappedKb(after));
        row("  of it in no file (anonymous mmap, [heap], [stack])", ready.noFileKb(), after.noFileKb());
        row("native outside the JVM (estimate, see below)", ready.outsideJvmKb(), after.outsideJvmKb());
        Out.line("  estimate = VmRSS - file mappings - (NMT committed - %s: the CDS file, already a file mapping)",
                MemorySnapshot.CDS);
        Out.line("    after traffic %.1f - %.1f - (%.1f - %.1f) = %.1f MB: ONNX Runtime (arenas, weights, buffers) and other",
                Out.mb(after.smaps().totalRssKb()), Out.mb(fileMappedKb(after)),
                Out.mb(after.nmt().totalCommittedKb()), Out.mb(after.nmt().committed(MemorySnapshot.CDS)),
                Out.mb(after.outsideJvmKb()));
        Out.line("    native mallocs (glibc keeps freed pages); a lower bound, since NMT's committed includes untouched pages.");
    }

    private static long fileMappedKb(MemorySnapshot s) {
        return s.smaps().totalRssKb() - s.noFileKb();
    }

    private static void row(String label, long readyKb, long afterKb) {
        Out.line("  %-56s %10.1f %14.1f", label, Out.mb(readyKb), Out.mb(afterKb));
    }

    private static List<String> shownCategories(MemorySnapshot ready, MemorySnapshot after) {
        Set<String> shown = new LinkedHashSet<>();
        for (String c : MAIN) {
            if (ready.nmt().committedKb().containsKey(c) || after.nmt().committedKb().containsKey(c)) {
                shown.add(c);
            }
        }
        for (String c : after.nmt().committedKb().keySet()) {
            if (Math.max(ready.nmt().committed(c), after.nmt().committed(c)) >= SHOWN_KB) {
                shown.add(c);
            }
        }
        return new ArrayList<>(shown);
    }

    private static long otherKb(MemorySnapshot s, List<String> shown) {
        return s.nmt().committedKb().entrySet().stream().filter(e -> !shown.contains(e.getKey()))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }
}
