package io.facegate.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The camera stream of the latency part, frame by frame: a lead-in without a face (so the service's first
 * detections, still warming up, see no face), then {@code cycles} × (1.2 s without a face, 0.8 s with one), then
 * 1 s without. An onset is the first face frame of a cycle.
 */
record OnsetStream(int fps, List<Boolean> faces, List<Integer> onsets) {

    static final double LEAD_SECONDS = 3;
    static final double EMPTY_SECONDS = 1.2;
    static final double FACE_SECONDS = 0.8;

    static OnsetStream of(int fps, int cycles) {
        List<Boolean> faces = new ArrayList<>();
        List<Integer> onsets = new ArrayList<>();
        add(faces, frames(fps, LEAD_SECONDS), false);
        for (int c = 0; c < cycles; c++) {
            add(faces, frames(fps, EMPTY_SECONDS), false);
            onsets.add(faces.size());
            add(faces, frames(fps, FACE_SECONDS), true);
        }
        add(faces, fps, false);
        return new OnsetStream(fps, List.copyOf(faces), List.copyOf(onsets));
    }

    double seconds() {
        return faces.size() / (double) fps;
    }

    String describe() {
        return "%d fps, %.1f s lead-in without a face, then %d x (%.1f s without, %.1f s with a face), then 1 s without: %d frames"
                .formatted(fps, LEAD_SECONDS, onsets.size(), EMPTY_SECONDS, FACE_SECONDS, faces.size());
    }

    private static int frames(int fps, double seconds) {
        return (int) Math.round(fps * seconds);
    }

    private static void add(List<Boolean> list, int n, boolean face) {
        for (int i = 0; i < n; i++) {
            list.add(face);
        }
    }
}
