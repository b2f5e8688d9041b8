package io.facegate.camera;

import java.io.IOException;

/** Where a camera's JPEG frames come from. Implementations are used by one camera thread at a time. */
interface FrameSource {

    /** The largest frame accepted (a 4K MJPEG frame is well under this). */
    int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    /** Receives what a source reads, on the reading thread. */
    interface Sink {
        /** A whole JPEG. */
        void frame(byte[] jpeg);

        /** A frame the stream broke (truncated, malformed, oversized) and that was skipped. */
        void broken();
    }

    /**
     * Connects, calls {@code connected} once the source answers (HTTP 200, process started, folder listed), then
     * hands each frame to {@code sink} until the stream ends (normal return) or fails (exception). Returns promptly
     * once {@link #abort()} has been called from another thread.
     */
    void stream(Runnable connected, Sink sink) throws IOException, InterruptedException;

    /** Ends a {@link #stream} in progress, from any thread. */
    void abort();

    /**
     * Whether this is a stream of frames, of which only the newest matters and silence longer than the stall timeout
     * means it is dead; otherwise (a folder) each frame is an event to examine, and it may be quiet for hours.
     */
    default boolean continuous() {
        return true;
    }
}
