package io.facegate.camera;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.facegate.admission.Admission;
import io.facegate.config.TriggerConfig;
import io.facegate.decode.ImageRejectedException;
import io.facegate.decode.RgbImage;
import io.facegate.detect.DetectionProfile;
import io.facegate.face.Face;
import io.facegate.pipeline.FacePipeline;
import io.facegate.pipeline.FaceRequest;
import io.facegate.pipeline.FaceResult;

/**
 * One camera: a reader thread pulls frames from the source (reconnecting with exponential backoff after an error, the
 * end of the stream or a stall) into a one-frame slot, and a detector thread takes the newest frame from it, at most
 * {@code detect-fps} times a second. A frame replaced in the slot before detection is dropped and counted, so a slow
 * detector never builds a queue. Frames go through the API's {@link FacePipeline} with the camera's own detection
 * profile, over its region when it has one.
 */
public final class Camera implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Camera.class.getName());

    public enum State { CONNECTING, STREAMING, RECONNECTING, STOPPED }

    /** A frame as it left the source; {@code arrivalNanos} is {@link System#nanoTime()} when its last byte was read. */
    public record Frame(long seq, byte[] jpeg, long arrivalNanos, Instant arrival) {
    }

    /** What one detection found, in the coordinates of the whole frame; {@code detectNanos} includes the decode. */
    public record Detected(String camera, Frame frame, FaceResult result, long detectNanos) {
    }

    /** Receives state changes and detections, on the camera's threads. */
    public interface Listener {
        void stateChanged(String camera, State state, String detail);

        void detected(Detected detected);
    }

    private final TriggerConfig.Camera config;
    private final FrameSource source;
    private final FacePipeline pipeline;
    private final FaceRequest request;
    private final Admission admission;
    private final Listener listener;
    private final AtomicReference<Frame> slot = new AtomicReference<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition frameReady = lock.newCondition();
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong badFrames = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Thread reader;
    private final Thread worker;
    private volatile boolean running = true;
    private volatile boolean detectNow;
    private volatile State state = State.STOPPED;
    private volatile String detail = "";
    private volatile long lastActivity = System.nanoTime();
    private volatile long lastDetectNanos = -1;
    private long seq;

    /** A camera with a pipeline of its own (one slot, never shared with API requests). */
    public Camera(TriggerConfig.Camera config, FacePipeline pipeline, DetectionProfile profile, Listener listener) {
        this(config, pipeline, profile, listener, new Admission(2, 0, Duration.ZERO));
    }

    /**
     * A camera sharing the pipeline with the API through {@code admission}: a frame runs only on a slot that is
     * free and wanted by no waiting request, and is otherwise dropped (and counted as dropped). {@code profile}
     * says how to find faces in its frames.
     */
    public Camera(TriggerConfig.Camera config, FacePipeline pipeline, DetectionProfile profile, Listener listener,
                  Admission admission) {
        this.config = config;
        this.admission = admission;
        this.source = switch (config.source()) {
            case TriggerConfig.HttpSource h -> new HttpMjpegSource(h.url(), config.stallTimeout());
            case TriggerConfig.ProcessSource p -> new ProcessMjpegSource(p.command());
            case TriggerConfig.FolderSource f -> new FolderSource(f.folder(), f.poll());
        };
        this.pipeline = pipeline;
        this.request = new FaceRequest(profile,
                config.region().map(r -> new Face.Box(r.left(), r.top(), r.width(), r.height())), Set.of(), false);
        this.listener = listener;
        this.reader = new Thread(this::readLoop, "camera-" + config.name() + "-reader");
        this.worker = new Thread(this::detectLoop, "camera-" + config.name() + "-detect");
        reader.setDaemon(true);
        worker.setDaemon(true);
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
        detectNow = true;
        signal();
    }

    private void readLoop() {
        Duration backoff = config.reconnectMin();
        while (running) {
            setState(State.CONNECTING, describe());
            lastActivity = System.nanoTime();
            long framesBefore = framesIn.get();
            String why;
            try {
                source.stream(() -> setState(State.STREAMING, describe()), this::offer);
                why = "end of stream";
            } catch (IOException | RuntimeException e) {
                why = e.toString();
            } catch (InterruptedException e) {
                break;
            }
            if (!running) {
                break;
            }
            if (framesIn.get() > framesBefore) {
                backoff = config.reconnectMin();
            }
            reconnects.incrementAndGet();
            setState(State.RECONNECTING, why + "; retrying in " + backoff.toMillis() + " ms");
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                break;
            }
            backoff = backoff.multipliedBy(2).compareTo(config.reconnectMax()) > 0
                    ? config.reconnectMax() : backoff.multipliedBy(2);
        }
        setState(State.STOPPED, "");
    }

    private String describe() {
        return switch (config.source()) {
            case TriggerConfig.HttpSource h -> h.url().getUserInfo() == null ? h.url().toString()
                    : h.url().toString().replace(h.url().getRawUserInfo() + "@", "…@");
            case TriggerConfig.ProcessSource p -> String.join(" ", p.command());
            case TriggerConfig.FolderSource f -> f.folder().toString();
        };
    }

    private void offer(byte[] jpeg) {
        long now = System.nanoTime();
        lastActivity = now;
        framesIn.incrementAndGet();
        Frame previous = slot.getAndSet(new Frame(++seq, jpeg, now, Instant.now()));
        if (previous != null) {
            dropped.incrementAndGet();
        }
        signal();
    }

    private void signal() {
        lock.lock();
        try {
            frameReady.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void detectLoop() {
        long intervalNanos = (long) (1e9 / config.detectFps());
        long nextAllowed = 0;
        while (running) {
            try {
                lock.lock();
                try {
                    long now = System.nanoTime();
                    boolean due = detectNow || now >= nextAllowed;
                    if (slot.get() == null || !due) {
                        long wait = slot.get() == null ? TimeUnit.MILLISECONDS.toNanos(250)
                                : Math.min(nextAllowed - now, TimeUnit.MILLISECONDS.toNanos(250));
                        frameReady.awaitNanos(wait);
                        checkStall();
                        continue;
                    }
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                break;
            }
            Frame frame = slot.getAndSet(null);
            if (frame == null) {
                continue;
            }
            detectNow = false;
            nextAllowed = System.nanoTime() + intervalNanos;
            process(frame);
        }
    }

    private void checkStall() {
        if (source.continuous() && state != State.RECONNECTING
                && System.nanoTime() - lastActivity > config.stallTimeout().toNanos()) {
            LOG.warning(() -> "camera " + config.name() + ": no frame for " + config.stallTimeout().toMillis()
                    + " ms; reconnecting");
            lastActivity = System.nanoTime();
            source.abort();
        }
    }

    private void process(Frame frame) {
        long start = System.nanoTime();
        RgbImage image;
        try {
            image = pipeline.decode(frame.jpeg());
        } catch (ImageRejectedException e) {
            badFrames.incrementAndGet();
            LOG.fine(() -> "camera " + config.name() + ": frame " + frame.seq() + " rejected: " + e.getMessage());
            return;
        }
        Optional<Admission.Permit> permit = admission.tryAcquireFrame();
        if (permit.isEmpty()) {
            dropped.incrementAndGet();
            return;
        }
        try (Admission.Permit slot = permit.get()) {
            FaceResult result = pipeline.run(image, request);
            long took = System.nanoTime() - start;
            lastDetectNanos = took;
            processed.incrementAndGet();
            listener.detected(new Detected(config.name(), frame, result, took));
        } catch (RuntimeException e) {
            badFrames.incrementAndGet();
            LOG.log(Level.WARNING, "camera " + config.name() + ": detection failed on frame " + frame.seq(), e);
        }
    }

    private void setState(State next, String why) {
        boolean changed = next != state;
        state = next;
        detail = why;
        if (changed) {
            LOG.info(() -> "camera " + config.name() + ": " + next.name().toLowerCase() + (why.isEmpty() ? "" : " (" + why + ")"));
            listener.stateChanged(config.name(), next, why);
        }
    }

    /** Counters and state for {@code GET /status}. */
    public Status status() {
        long d = lastDetectNanos;
        return new Status(config.name(), state.name().toLowerCase(), detail, framesIn.get(), processed.get(),
                dropped.get(), badFrames.get(), reconnects.get(), d < 0 ? null : d / 1e6);
    }

    public record Status(String name, String state, String detail, long framesIn, long framesProcessed,
                         long framesDropped, long badFrames, long reconnects, Double lastDetectionMs) {
    }

    /** Stops the source and both threads; waits for them. */
    @Override
    public void close() {
        running = false;
        source.abort();
        reader.interrupt();
        worker.interrupt();
        try {
            reader.join(5000);
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        setState(State.STOPPED, "");
    }
}
