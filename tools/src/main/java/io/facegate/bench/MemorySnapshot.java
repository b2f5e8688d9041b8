package io.facegate.bench;

/**
 * The resident set of a service started with NMT at one moment, seen three ways: {@code /proc/PID/status},
 * {@code /proc/PID/smaps} by mapping, and NMT's committed memory by JVM category.
 */
record MemorySnapshot(ProcFs.Memory status, Smaps smaps, NativeMemory nmt) {

    /** The CDS archive is a file mapping that NMT also counts; it is subtracted once, as file-backed. */
    static final String CDS = "Shared class space";

    static MemorySnapshot of(BenchSetup setup, long pid) {
        NativeMemory nmt = NativeMemory.of(setup.jcmd().orElseThrow(), pid);
        return new MemorySnapshot(ProcFs.memory(pid), Smaps.of(pid), nmt);
    }

    /** Resident pages of mappings with no file at all: anonymous mmap, {@code [heap]}, {@code [stack]} and the like. */
    long noFileKb() {
        return smaps.rssKb(Smaps.ANONYMOUS) + smaps.rssKb(Smaps.BRK_HEAP) + smaps.rssKb(Smaps.SPECIAL);
    }

    /** NMT's committed total without the CDS archive, which is file-backed. */
    long jvmAnonymousKb() {
        return nmt.totalCommittedKb() - nmt.committed(CDS);
    }

    /**
     * Resident memory in no file's mapping and not committed by the JVM: (VmRSS − the resident pages of file mappings,
     * their copy-on-write pages included) − (NMT committed − CDS). The brief's "RSS − NMT − file-backed", with the CDS
     * archive (a file mapping whose relocated pages are anonymous, and which NMT counts too) subtracted once. Mostly
     * ONNX Runtime (its arenas, weights and per-session buffers) and other native code's mallocs, plus glibc's
     * free-but-kept pages. NMT's committed memory includes pages never touched, so this is a lower bound.
     */
    long outsideJvmKb() {
        return noFileKb() - jvmAnonymousKb();
    }
}
