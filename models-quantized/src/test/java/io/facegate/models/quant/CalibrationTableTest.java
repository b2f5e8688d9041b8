package io.facegate.models.quant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.facegate.models.onnx.Onnx.ModelProto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed calibration table is what this machine's calibration pass measures: front-128 calibrated here with
 * its recipe gives every range end within 1 % of the range of the committed one (another CPU's float noise moves a
 * rounded end by a step or so, never by that much). And the table reads back exactly what was written.
 */
class CalibrationTableTest {

    private static final Path MODEL = Path.of("blazeface-front-128");

    @Test
    void thisMachineCalibratesWhatTheTableHolds() throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(MODEL.resolve("manifest.json").toFile());
        JsonNode recipe = manifest.path("quantization");
        List<Pattern> floatNodes = new java.util.ArrayList<>();
        recipe.path("floatNodes").forEach(p -> floatNodes.add(Pattern.compile(p.asText())));
        QdqQuantizer.Prepared prepared = QdqQuantizer.prepare(
                ModelProto.parseFrom(Files.readAllBytes(Path.of("target/models/blazeface-front-128/model.onnx"))), floatNodes);
        long[] shape = {1, 128, 128, 3};
        Map<String, Range> measured = Calibrator.calibrate(prepared.model(), prepared.activations(), shape,
                QuantizeModels.calibrationInputs(recipe, new QuantizeModels.Calibration(
                        Path.of("target/calibration-photos"), Path.of("calibration-faces.json")), shape),
                Calibrator.Method.parse(recipe.path("calibrator").asText(), recipe.path("percentile").asDouble()));
        Map<String, Range> committed = CalibrationTable.read(MODEL.resolve(CalibrationTable.FILE));
        assertEquals(committed.keySet(), measured.keySet());
        for (var e : committed.entrySet()) {
            Range a = e.getValue();
            Range b = measured.get(e.getKey());
            double tolerance = 0.01 * (a.max() - a.min());
            assertTrue(Math.abs(a.min() - b.min()) <= tolerance && Math.abs(a.max() - b.max()) <= tolerance,
                    e.getKey() + ": committed " + a + ", measured " + b);
        }
    }

    @Test
    void aTableReadsBackExactly(@TempDir Path dir) throws Exception {
        Map<String, Range> ranges = new java.util.LinkedHashMap<>();
        ranges.put("a", Range.of(-0.1234567, 7.654321));
        ranges.put("b", Range.of(0, 1e-7));
        Path file = dir.resolve(CalibrationTable.FILE);
        CalibrationTable.write(file, "test", ranges);
        assertEquals(ranges, CalibrationTable.read(file));
    }
}
