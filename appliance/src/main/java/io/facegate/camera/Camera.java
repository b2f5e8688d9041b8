package io.facegate.camera;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

import io.facegate.admission.Admission;
import io.facegate.config.TriggerConfig;
import io.facegate.detect.DetectionProfile;
import io.facegate.face.Face;
import io.facegate.pipeline.FacePipeline;
import io.facegate.pipeline.FaceRequest;
import io.facegate.pipeline.FaceResult;

/**
 * One camera: a reader thread pulls frames from the source, reconnecting with exponential backoff after an error,
 * the end of the stream or a stall, into a {@link FrameQueue}; a {@link FrameWorker} examines them through the
 * API's {@link FacePipeline} with the camera's own detection profile, over its region when it has one.
 *
 * <p>States: {@code connecting} until the first frame, {@code streaming} while frames come (a folder: once listed),
 * {@code reconnecting} after a failure until a frame comes again, {@code lost} once reconnecting has lasted
 * {@code lost-after}, {@code stopped} when closed.
 */
public final class Camera implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Camera.class.getName());

    public enum State { CONNECTING, STREAMING, RECONNECTING, LOST, STOPPED }

    /** A frame as it left the source; {@code arrivalNanos} is {@link System#nanoTime()} when its last byte was read. */
    public record Frame(long seq, byte[] jpeg, long arrivalNanos, Instant arrival) {
    }

    /** What one examination found, in the coordinates of the whole frame; {@code detectNanos} includes the decode. */
    public record Detected(String camera, Frame frame, FaceResult result, long detectNanos) {
    }

    /** Receives state changes and detections, on the camera's threads. */
    public interface Listener {
        void stateChanged(String camera, State state, String detail);

        void detected(Detected detected);
    }

    /** Counters and state for {@code GET /status}. */
    public record Status(String name, String state, String detail, long framesIn, long framesProcessed,
                         long framesDropped, long badFrames, long brokenFrames, long reconnects,
                         Double lastDetectionMs) {
    }

    private final TriggerConfig.Camera config;
    private final FrameSource source;
    private final Listener listener;
    private final FrameQueue queue;
    private final FrameWorker worker;
    private final Thread reader;
    private final Counters counters = new Counters();
    private volatile boolean running = true;
    private volatile State state = State.STOPPED;
    private volatile String detail = "";
    private volatile long lastActivity = System.nanoTime();
    private volatile long reconnectingSince;
    private long seq;

    /** A camera with a pipeline of its own (one slot, never shared with API requests). */
    public Camera(TriggerConfig.Camera config, FacePipeline pipeline, DetectionProfile profile, Listener listener) {
        this(config, pipeline, profile, listener, new Admission(2, 0, Duration.ZERO));
    }

    /**
     * A camera sharing the pipeline with the API through {@code admission}. A stream's frame runs only on a slot
     * that is free and wanted by no waiting request, and is otherwise dropped (and counted); a folder's photo waits
     * for a slot. {@code profile} says how to find faces in its frames.
     */
    public Camera(TriggerConfig.Camera config, FacePipeline pipeline, DetectionProfile profile, Listener listener,
                  Admission admission) {
        this.config = config;
        this.listener = listener;
        this.source = switch (config.source()) {
            case TriggerConfig.HttpSource h -> new HttpMjpegSource(h.url(), config.stallTimeout());
            case TriggerConfig.ProcessSource p -> new ProcessMjpegSource(p.command());
            case TriggerConfig.FolderSource f -> new FolderSource(f.folder(), f.poll());
        };
        this.queue = source.continuous() ? FrameQueue.slot() : FrameQueue.events();
        FaceRequest request = new FaceRequest(profile,
                config.region().map(r -> new Face.Box(r.left(), r.top(), r.width(), r.height())), Set.of(), false);
        this.worker = new FrameWorker(config, pipeline, request, admission, queue, source.continuous(), counters,
                listener, this::watchdog);
        this.reader = new Thread(this::readLoop, "camera-" + config.name() + "-reader");
        reader.setDaemon(true);
    }

    /** What keeps a camera's folders from being used: a folder source and a snapshot folder must exist. */
    public static List<String> problems(TriggerConfig.Camera config) {
        List<String> problems = new ArrayList<>();
        if (config.source() instanceof TriggerConfig.FolderSource f && !Files.isDirectory(f.folder())) {
            problems.add("cameras." + config.name() + ".folder: '" + f.folder() + "' is not a folder");
        }
        config.snapshotDir().filter(d -> !Files.isDirectory(d)).ifPresent(d -> problems.add(
                "cameras." + config.name() + ".snapshot-dir: '" + d + "' is not a folder"));
        return problems;
    }

    public void start() {
        setState(State.CONNECTING, describe());
        reader.start();
        worker.start();
    }

    public String name() {
        return config.name();
    }

    public State state() {
        return state;
    }

    /** Detect on the next frame without waiting for the detection rate (a button or PIR input). */
    public void detectNow() {
        worker.detectNow();
    }

    private void readLoop() {
        Duration backoff = config.reconnectMin();
        while (running) {
            lastActivity = System.nanoTime();
            long framesBefore = counters.in.get();
            String why;
            try {
                source.stream(this::listed, new FrameSource.Sink() {
                    @Override
                    public void frame(byte[] jpeg) {
                        offer(jpeg);
                    }

                    @Override
                    public void broken() {
                        lastActivity = System.nanoTime();
                        counters.broken.incrementAndGet();
                    }
                });
                why = "end of stream";
            } catch (IOException | RuntimeException e) {
                why = e.toString();
            } catch (InterruptedException e) {
                break;
            }
            if (!running) {
                break;
            }
            if (counters.in.get() > framesBefore) {
                backoff = config.reconnectMin();
            }
            reconnecting(why + "; retrying in " + backoff.toMillis() + " ms");
            counters.reconnects.incrementAndGet();
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                break;
            }
            Duration doubled = backoff.multipliedBy(2);
            backoff = doubled.compareTo(config.reconnectMax()) > 0 ? config.reconnectMax() : doubled;
        }
    }

    /** The source answered: a folder is watched from now on; a stream is streaming only once a frame comes. */
    private void listed() {
        if (!source.continuous()) {
            setState(State.STREAMING, describe());
        }
    }

    private void offer(byte[] jpeg) {
        long now = System.nanoTime();
        lastActivity = now;
        counters.in.incrementAndGet();
        if (state != State.STREAMING) {
            setState(State.STREAMING, describe());
        }
        Frame pushedOut = queue.offer(new Frame(++seq, jpeg, now, Instant.now()));
        if (pushedOut != null) {
            counters.dropped.incrementAndGet();
            if (!source.continuous()) {
                LOG.warning(() -> "camera " + config.name() + ": more than " + FrameQueue.EVENTS
                        + " photos waiting; dropped frame " + pushedOut.seq());
            }
        }
    }

    private void reconnecting(String why) {
        if (state != State.RECONNECTING && state != State.LOST) {
            reconnectingSince = System.nanoTime();
            setState(State.RECONNECTING, why);
        } else {
            detail = why;
        }
    }

    /** Called by the worker about every 250 ms: a silent stream is reconnected, a long reconnect is a lost camera. */
    private void watchdog() {
        long now = System.nanoTime();
        if (source.continuous() && state != State.RECONNECTING && state != State.LOST
                && now - lastActivity > config.stallTimeout().toNanos()) {
            LOG.warning(() -> "camera " + config.name() + ": no frame for " + config.stallTimeout().toMillis()
                    + " ms; reconnecting");
            lastActivity = now;
            source.abort();
        }
        if (state == State.RECONNECTING && now - reconnectingSince > config.lostAfter().toNanos()) {
            setState(State.LOST, "no frame for " + config.lostAfter().toMillis() + " ms: " + detail);
        }
    }

    private String describe() {
        return switch (config.source()) {
            case TriggerConfig.HttpSource h -> h.url().getUserInfo() == null ? h.url().toString()
                    : h.url().toString().replace(h.url().getRawUserInfo() + "@", "…@");
            case TriggerConfig.ProcessSource p -> String.join(" ", p.command());
            case TriggerConfig.FolderSource f -> f.folder().toString();
        };
    }

    private synchronized void setState(State next, String why) {
        boolean changed = next != state;
        state = next;
        detail = why;
        if (changed) {
            LOG.info(() -> "camera " + config.name() + ": " + next.name().toLowerCase()
                    + (why.isEmpty() ? "" : " (" + why + ")"));
            listener.stateChanged(config.name(), next, why);
        }
    }

    public Status status() {
        return counters.status(config.name(), state.name().toLowerCase(), detail);
    }

    /** Stops the source and both threads; waits for them. */
    @Override
    public void close() {
        running = false;
        source.abort();
        reader.interrupt();
        worker.stop();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        setState(State.STOPPED, "");
    }
}
