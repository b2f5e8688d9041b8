package io.facegate.trigger;

import java.time.Clock;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

import io.facegate.camera.Camera;
import io.facegate.config.TriggerConfig;
import io.facegate.face.Face;
import io.facegate.gpio.Gpio;
import io.facegate.gpio.Output;

/**
 * Matches each detection against the rules and drives their outputs.
 *
 * <p>Liveness: a rule cannot yet require that a face passes an anti-spoofing check, because no such model is
 * loaded. When one exists, the check belongs in {@link #qualifies}, as one more condition on each face, with a
 * {@code rules.<name>.require-live} key; until then no rule pretends to check it.
 */
final class RuleEngine {

    /** One rule's verdict on one detection. */
    record Firing(TriggerConfig.Rule rule, int faces, Output.Outcome outcome) {
    }

    private final List<TriggerConfig.Rule> rules;
    private final Gpio gpio;
    private final Clock clock;

    RuleEngine(Map<String, TriggerConfig.Rule> rules, Gpio gpio, Clock clock) {
        this.rules = List.copyOf(rules.values());
        this.gpio = gpio;
        this.clock = clock;
    }

    /** The rules that matched this detection, each with what its output did. */
    List<Firing> evaluate(Camera.Detected detected) {
        LocalTime now = LocalTime.now(clock);
        return rules.stream()
                .filter(r -> r.camera().map(c -> c.equals(detected.camera())).orElse(true))
                .filter(r -> r.window().map(w -> w.contains(now)).orElse(true))
                .map(r -> {
                    int n = (int) detected.result().faces().stream().filter(f -> qualifies(r, f, detected)).count();
                    return n >= r.minFaces()
                            ? new Firing(r, n, gpio.output(r.output()).map(Output::request).orElseThrow()) : null;
                })
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    static boolean qualifies(TriggerConfig.Rule rule, Face face, Camera.Detected frame) {
        Face.Box box = face.box();
        double size = rule.minFaceSize().pixels() ? box.height() * frame.result().height() : box.height();
        return face.score() >= rule.minConfidence()
                && size >= rule.minFaceSize().value()
                && rule.region().contains(box.centreX(), box.centreY());
    }
}
