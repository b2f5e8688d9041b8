package io.facegate.camera;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.facegate.admission.Admission;
import io.facegate.config.TriggerConfig;
import io.facegate.decode.ImageRejectedException;
import io.facegate.decode.RgbImage;
import io.facegate.pipeline.FacePipeline;
import io.facegate.pipeline.FaceRequest;
import io.facegate.pipeline.FaceResult;

/**
 * The thread that examines one camera's frames. A stream's newest frame is taken at most {@code detect-fps} times a
 * second and only onto a detector slot that is free now (else dropped: the next frame is fresher); a folder's photos
 * are taken in order, each waiting for a slot. About every 250 ms it also runs the camera's watchdog.
 */
final class FrameWorker {

    private static final Logger LOG = Logger.getLogger(FrameWorker.class.getName());
    private static final long TICK = TimeUnit.MILLISECONDS.toNanos(250);

    private final TriggerConfig.Camera config;
    private final FacePipeline pipeline;
    private final FaceRequest request;
    private final Admission admission;
    private final FrameQueue queue;
    private final boolean stream;
    private final Counters counters;
    private final Camera.Listener listener;
    private final Runnable watchdog;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean detectNow;

    FrameWorker(TriggerConfig.Camera config, FacePipeline pipeline, FaceRequest request, Admission admission,
                FrameQueue queue, boolean stream, Counters counters, Camera.Listener listener, Runnable watchdog) {
        this.config = config;
        this.pipeline = pipeline;
        this.request = request;
        this.admission = admission;
        this.queue = queue;
        this.stream = stream;
        this.counters = counters;
        this.listener = listener;
        this.watchdog = watchdog;
        this.thread = new Thread(this::loop, "camera-" + config.name() + "-detect");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void detectNow() {
        detectNow = true;
        queue.wake();
    }

    private void loop() {
        long interval = (long) (1e9 / config.detectFps());
        long nextAllowed = 0;
        long nextTick = System.nanoTime() + TICK;
        while (running) {
            try {
                long now = System.nanoTime();
                if (now >= nextTick) {
                    watchdog.run();
                    nextTick = now + TICK;
                }
                boolean due = !stream || detectNow || now >= nextAllowed;
                if (queue.isEmpty() || !due) {
                    queue.await(Math.min(nextTick - now, due ? TICK : nextAllowed - now));
                    continue;
                }
            } catch (InterruptedException e) {
                break;
            }
            Camera.Frame frame = queue.poll();
            if (frame != null) {
                detectNow = false;
                nextAllowed = System.nanoTime() + interval;
                examine(frame);
            }
        }
    }

    private void examine(Camera.Frame frame) {
        long start = System.nanoTime();
        RgbImage image;
        try {
            image = pipeline.decode(frame.jpeg());
        } catch (ImageRejectedException e) {
            counters.bad.incrementAndGet();
            LOG.fine(() -> "camera " + config.name() + ": frame " + frame.seq() + " rejected: " + e.getMessage());
            return;
        }
        Optional<Admission.Permit> permit = stream ? admission.tryAcquireFrame() : waitForSlot();
        if (permit.isEmpty()) {
            counters.dropped.incrementAndGet();
            return;
        }
        try (Admission.Permit slot = permit.get()) {
            FaceResult result = pipeline.run(image, request);
            long took = System.nanoTime() - start;
            counters.lastDetectNanos = took;
            counters.processed.incrementAndGet();
            listener.detected(new Camera.Detected(config.name(), frame, result, took));
        } catch (RuntimeException e) {
            counters.bad.incrementAndGet();
            LOG.log(Level.WARNING, "camera " + config.name() + ": detection failed on frame " + frame.seq(), e);
        }
    }

    /** A photo is an event: it waits for a slot for as long as the camera runs. */
    private Optional<Admission.Permit> waitForSlot() {
        while (running) {
            Optional<Admission.Permit> permit = admission.acquireFrame(Duration.ofMillis(250));
            if (permit.isPresent()) {
                return permit;
            }
        }
        return Optional.empty();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
