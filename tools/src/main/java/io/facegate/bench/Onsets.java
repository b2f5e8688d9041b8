package io.facegate.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Face onsets matched to the output activations they caused. An onset's window runs from its frame reaching the
 * service to the next onset's (the last one: one cycle). The first {@code output-changed} active event received in
 * the window is its activation; none is a miss. An onset at which the output was still active from before is set
 * aside (its activation could not show). The {@code rule-fired} event that follows the activation names the frame
 * that fired (the camera numbers frames from 1 in arrival order, the relay from 0).
 *
 * @param measured     latency per measured onset, ms
 * @param frameOffsets the firing frame's index minus the onset frame's, per measured onset
 * @param serviceMs    the service's own frameToOutputMs of that rule-fired event, per measured onset
 */
record Onsets(List<Double> measured, List<Double> frameOffsets, List<Double> serviceMs, int missed, int overlapping) {

    static Onsets match(List<Integer> onsetFrames, List<Long> partEnds, List<EventStream.Event> events) {
        List<EventStream.Event> changes = events.stream().filter(e -> e.type().equals("output-changed")
                && ServiceYaml.OUTPUT.equals(e.get("output"))).toList();
        List<EventStream.Event> fired = events.stream().filter(e -> e.type().equals("rule-fired")
                && "activated".equals(e.get("outcome"))).toList();
        long cycleNanos = (long) ((OnsetStream.EMPTY_SECONDS + OnsetStream.FACE_SECONDS) * 1e9);
        List<Double> measured = new ArrayList<>();
        List<Double> offsets = new ArrayList<>();
        List<Double> serviceMs = new ArrayList<>();
        int missed = 0;
        int overlapping = 0;
        for (int k = 0; k < onsetFrames.size() && onsetFrames.get(k) < partEnds.size(); k++) {
            int frame = onsetFrames.get(k);
            long start = partEnds.get(frame);
            long end = k + 1 < onsetFrames.size() && onsetFrames.get(k + 1) < partEnds.size()
                    ? partEnds.get(onsetFrames.get(k + 1)) : start + cycleNanos;
            if (activeAt(changes, start)) {
                overlapping++;
                continue;
            }
            Optional<EventStream.Event> on = changes.stream().filter(EventStream.output(true))
                    .filter(e -> e.receivedNanos() >= start && e.receivedNanos() < end).findFirst();
            if (on.isEmpty()) {
                missed++;
                continue;
            }
            measured.add((on.get().receivedNanos() - start) / 1e6);
            long onAt = on.get().receivedNanos();
            fired.stream().filter(e -> e.receivedNanos() >= onAt && e.receivedNanos() < end).findFirst().ifPresent(e -> {
                if (e.get("frame") instanceof Number seq) {
                    offsets.add(seq.doubleValue() - 1 - frame);
                }
                if (e.get("frameToOutputMs") instanceof Number ms) {
                    serviceMs.add(ms.doubleValue());
                }
            });
        }
        return new Onsets(measured, offsets, serviceMs, missed, overlapping);
    }

    /** Whether the last output change received before {@code nanos} left the output active. */
    private static boolean activeAt(List<EventStream.Event> changes, long nanos) {
        Boolean active = false;
        for (EventStream.Event e : changes) {
            if (e.receivedNanos() >= nanos) {
                break;
            }
            active = Boolean.TRUE.equals(e.get("active"));
        }
        return active;
    }
}
