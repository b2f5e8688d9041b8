package io.facegate.camera;

import java.io.IOException;
import java.util.function.Consumer;

/** Where a camera's JPEG frames come from. Implementations are used by one camera thread at a time. */
interface FrameSource {

    /** The largest frame accepted (a 4K MJPEG frame is well under this). */
    int MAX_FRAME_BYTES = 16 * 1024 * 1024;

    /**
     * Connects, calls {@code connected} once the source answers (HTTP 200, process started, folder listed), then
     * hands each frame to {@code frames} until the stream ends (normal return) or fails (exception). Returns promptly
     * once {@link #abort()} has been called from another thread.
     */
    void stream(Runnable connected, Consumer<byte[]> frames) throws IOException, InterruptedException;

    /** Ends a {@link #stream} in progress, from any thread. */
    void abort();

    /** Whether silence longer than the stall timeout means the stream is dead (a folder may be quiet for hours). */
    default boolean continuous() {
        return true;
    }
}
