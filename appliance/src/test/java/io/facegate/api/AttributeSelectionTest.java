package io.facegate.api;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.facegate.attributes.FaceAnalyzer;
import io.facegate.attributes.Member;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Which FaceDetail members a request's {@code Attributes} select, and which models that runs. */
class AttributeSelectionTest {

    @Test
    void defaultAndEmptySelectNothingAndRunNoModel() {
        assertThat(DetectFacesOperation.members(Set.of()), equalTo(Set.of()));
        assertThat(DetectFacesOperation.members(Set.of(Attribute.DEFAULT)), equalTo(Set.of()));
        assertThat(FaceAnalyzer.Needs.of(Set.of(), false), equalTo(new FaceAnalyzer.Needs(false, false, false, false)));
    }

    @Test
    void allSelectsEveryMemberWhateverElseIsAsked() {
        assertThat(DetectFacesOperation.members(Set.of(Attribute.ALL)), equalTo(EnumSet.allOf(Member.class)));
        assertThat(DetectFacesOperation.members(Set.of(Attribute.SMILE, Attribute.ALL, Attribute.DEFAULT)),
                equalTo(EnumSet.allOf(Member.class)));
        assertThat(FaceAnalyzer.Needs.of(EnumSet.allOf(Member.class), true),
                equalTo(new FaceAnalyzer.Needs(true, true, true, true)));
    }

    @Test
    void eachPerAttributeValueSelectsItsMemberOnly() {
        for (Attribute a : Attribute.values()) {
            if (a == Attribute.ALL || a == Attribute.DEFAULT) {
                continue;
            }
            assertThat(DetectFacesOperation.members(Set.of(a, Attribute.DEFAULT)), equalTo(Set.of(Member.valueOf(a.name()))));
        }
    }

    @Test
    void onlyTheModelsAMemberNeedsRun() {
        assertThat(FaceAnalyzer.Needs.of(Set.of(Member.GENDER), false), equalTo(new FaceAnalyzer.Needs(false, false, false, true)));
        assertThat(FaceAnalyzer.Needs.of(Set.of(Member.AGE_RANGE), false), equalTo(new FaceAnalyzer.Needs(false, false, false, true)));
        assertThat(FaceAnalyzer.Needs.of(Set.of(Member.EMOTIONS), false), equalTo(new FaceAnalyzer.Needs(false, false, true, false)));
        assertThat(FaceAnalyzer.Needs.of(Set.of(Member.SMILE), false), equalTo(new FaceAnalyzer.Needs(true, false, true, true)));
        assertThat(FaceAnalyzer.Needs.of(Set.of(Member.MOUTH_OPEN), false), equalTo(new FaceAnalyzer.Needs(true, false, false, false)));
        assertThat(FaceAnalyzer.Needs.of(Set.of(Member.EYE_DIRECTION), false), equalTo(new FaceAnalyzer.Needs(true, true, false, false)));
        assertThat(FaceAnalyzer.Needs.of(Set.of(Member.BEARD), false), equalTo(new FaceAnalyzer.Needs(false, false, false, true)));
    }
}
