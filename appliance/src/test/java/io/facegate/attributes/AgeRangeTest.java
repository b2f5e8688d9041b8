package io.facegate.attributes;

import java.util.Optional;

import io.facegate.face.FaceAttributes;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/**
 * AgeRange from the committed heads: a 10-year range that follows faceres' age and agrees with the young head. The
 * descriptor is held at zero, so only age and gender move the score.
 */
class AgeRangeTest {

    private static final Heads HEADS = Heads.load();

    private static FaceAttributes.AgeRange range(double age, double male) {
        return HEADS.ageRange(measured(age, male));
    }

    private static Measurements measured(double age, double male) {
        return new Measurements(Optional.empty(), Optional.empty(), male, age, Optional.of(new float[1024]),
                Double.NaN, new double[0]);
    }

    @Test
    void rangesAreTenYearsWideAndFollowTheAge() {
        for (double male : new double[] {0.02, 0.5, 0.98}) {
            int previousLow = -1;
            for (int age = 0; age <= 99; age += 3) {
                FaceAttributes.AgeRange r = range(age, male);
                assertThat(r.low(), greaterThanOrEqualTo(0));
                assertThat(r.high() - r.low(), lessThanOrEqualTo(10));
                assertThat(r.low(), greaterThanOrEqualTo(previousLow));
                previousLow = r.low();
            }
            assertThat(range(5, male).high(), lessThanOrEqualTo(35));
            assertThat(range(70, male).low(), greaterThan(35));
            assertThat(range(40, male).high() - range(40, male).low(), is(10));
        }
    }

    @Test
    void highAtMost35IsTheYoungHeadsDecision() {
        Heads.Head young = HEADS.head("young");
        for (int age = 15; age <= 50; age++) {
            for (double male : new double[] {0.05, 0.95}) {
                Measurements m = measured(age, male);
                assertThat(range(age, male).high() <= 35, is(young.score(m.features(young.features())) > 0));
            }
        }
    }
}
