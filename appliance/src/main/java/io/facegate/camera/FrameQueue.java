package io.facegate.camera;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Frames waiting for detection. A stream keeps one slot: a newer frame replaces an older one not yet taken, so a slow
 * detector never builds a queue and always sees the newest frame. A folder keeps a bounded first-in-first-out queue,
 * since each photo is an event: when it is full the oldest is dropped.
 */
final class FrameQueue {

    /** Photos of a folder camera waiting at most; beyond it the oldest is dropped (and counted). */
    static final int EVENTS = 32;

    private final int capacity;
    private final Deque<Camera.Frame> frames = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    private FrameQueue(int capacity) {
        this.capacity = capacity;
    }

    static FrameQueue slot() {
        return new FrameQueue(1);
    }

    static FrameQueue events() {
        return new FrameQueue(EVENTS);
    }

    /** Adds a frame; returns the one it pushed out (replaced or oldest dropped), or null. */
    Camera.Frame offer(Camera.Frame frame) {
        lock.lock();
        try {
            Camera.Frame out = frames.size() >= capacity ? frames.pollFirst() : null;
            frames.addLast(frame);
            changed.signalAll();
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The next frame, or null. */
    Camera.Frame poll() {
        lock.lock();
        try {
            return frames.pollFirst();
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return frames.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for a frame to arrive or for {@link #wake()}. */
    void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            changed.awaitNanos(nanos);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a thread in {@link #await}. */
    void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
