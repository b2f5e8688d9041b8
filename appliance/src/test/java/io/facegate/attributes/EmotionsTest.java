package io.facegate.attributes;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

class EmotionsTest {

    @Test
    void sevenClassesMapToEightSortedNamesWithConfusedLowest() {
        // angry, disgust, fear, happy, sad, surprise, neutral
        List<FaceDetail.Emotion> e = FaceAnalyzer.emotions(new float[] {0.05f, 0.01f, 0.04f, 0.6f, 0.1f, 0.08f, 0.12f});
        assertThat(e.stream().map(FaceDetail.Emotion::type).toList(), contains("HAPPY", "CALM", "SAD", "SURPRISED",
                "ANGRY", "FEAR", "DISGUSTED", "CONFUSED"));
        assertThat(e.getFirst().confidence(), closeTo(60, 1e-4));
        assertThat(e.getLast().confidence(), closeTo(1, 1e-4));
        assertThat(e.size(), is(8));
    }
}
