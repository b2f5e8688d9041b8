package io.facegate.attributes;

import java.util.List;

import io.facegate.face.FaceAttributes.Emotion;
import io.facegate.face.FaceAttributes.EmotionScore;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

class EmotionsTest {

    @Test
    void sevenClassesMapToEightSortedNamesWithConfusedLowest() {
        // angry, disgust, fear, happy, sad, surprise, neutral
        List<EmotionScore> e = FaceAnalyzer.emotions(new float[] {0.05f, 0.01f, 0.04f, 0.6f, 0.1f, 0.08f, 0.12f});
        assertThat(e.stream().map(EmotionScore::emotion).toList(), contains(Emotion.HAPPY, Emotion.CALM, Emotion.SAD,
                Emotion.SURPRISED, Emotion.ANGRY, Emotion.FEAR, Emotion.DISGUSTED, Emotion.CONFUSED));
        assertThat(e.getFirst().confidence(), closeTo(0.60, 1e-6));
        assertThat(e.getLast().confidence(), closeTo(0.01, 1e-6));
        assertThat(e.size(), is(8));
    }
}
