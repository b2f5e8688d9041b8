package io.facegate.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Guards the shipped default configuration's accuracy on the evaluation data, when it is present (it is kept
 * outside the repository, research-only): the floors the DetectFaces issue sets, AP 0.85 for faces >= 80 px and
 * 0.75 for faces >= 40 px on widerface-dev. No timing is asserted.
 */
class DetectorAccuracyTest {

    private static final Path EVAL = Path.of(System.getProperty("facegate.test.eval", "../../shared/eval"));
    private static final Path MODELS = Path.of(System.getProperty("facegate.test.models"));

    @Test
    void widerfaceApMeetsTheShippedFloors() throws Exception {
        Path folder = EVAL.resolve("widerface-dev");
        assumeTrue(Files.isRegularFile(folder.resolve("boxes.tsv")), "no " + folder + " on this machine");
        Optional<EvalRun> opened = EvalRun.open(new String[] {folder.toString()}, MODELS);
        try (EvalRun run = opened.orElseThrow()) {
            BandScore[] bands = DetectionEval.score(run, new ArrayList<>());
            assertThat("AP, faces >= 40 px", bands[0].averagePrecision(), greaterThanOrEqualTo(0.75));
            assertThat("AP, faces >= 80 px", bands[1].averagePrecision(), greaterThanOrEqualTo(0.85));
        }
    }
}
