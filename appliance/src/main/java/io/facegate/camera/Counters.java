package io.facegate.camera;

import java.util.concurrent.atomic.AtomicLong;

/** What happened to one camera's frames, for {@code GET /status} and the metrics. */
final class Counters {

    /** Whole frames read from the source. */
    final AtomicLong in = new AtomicLong();
    /** Frames examined by the pipeline. */
    final AtomicLong processed = new AtomicLong();
    /** Frames replaced by a newer one or refused a detector slot (a stream), or pushed out of a full queue. */
    final AtomicLong dropped = new AtomicLong();
    /** Whole frames the decoder refused (not a JPEG it can read, too small, too large). */
    final AtomicLong bad = new AtomicLong();
    /** Frames the stream broke (truncated, malformed, oversized), skipped by the reader. */
    final AtomicLong broken = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    volatile long lastDetectNanos = -1;

    Camera.Status status(String name, String state, String detail) {
        long d = lastDetectNanos;
        return new Camera.Status(name, state, detail, in.get(), processed.get(), dropped.get(), bad.get(),
                broken.get(), reconnects.get(), d < 0 ? null : d / 1e6);
    }
}
