package io.facegate.models.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A model's calibrated activation ranges, committed as {@code models-quantized/<model>/calibration.json} (a
 * calibration cache). ONNX Runtime's float kernels differ in their last bits between CPUs (AVX-512, AVX2, NEON), and
 * now and then that moves a rounded range end (measured: iris calibrated under {@code qemu-x86_64 -cpu Haswell} gave
 * other bytes than on this AVX-512 VM). Quantizing from the committed ranges is pure Java arithmetic, so every machine
 * builds byte-identical models; {@code CalibrationTableTest} checks that this machine's calibration pass still agrees
 * with the table. Floats are written with {@link Float#toString}, which reads back exactly.
 */
final class CalibrationTable {

    static final String FILE = "calibration.json";

    private CalibrationTable() {
    }

    static Map<String, Range> read(Path file) throws IOException {
        Map<String, Range> ranges = new LinkedHashMap<>();
        new ObjectMapper().readTree(file.toFile()).path("ranges").fields().forEachRemaining(e -> ranges.put(e.getKey(),
                new Range(Float.parseFloat(e.getValue().get(0).asText()), Float.parseFloat(e.getValue().get(1).asText()))));
        return ranges;
    }

    static void write(Path file, String madeBy, Map<String, Range> ranges) throws IOException {
        ObjectMapper json = new ObjectMapper();
        StringBuilder out = new StringBuilder("{\n  \"madeBy\": ").append(json.writeValueAsString(madeBy))
                .append(",\n  \"ranges\": {");
        int i = 0;
        for (var e : ranges.entrySet()) {
            out.append(i++ == 0 ? "\n" : ",\n").append("    ").append(json.writeValueAsString(e.getKey())).append(": [\"")
                    .append(e.getValue().min()).append("\", \"").append(e.getValue().max()).append("\"]");
        }
        Files.writeString(file, out.append("\n  }\n}\n"));
    }

    /** Tensors the plan needs that the table lacks, for a clear error. */
    static List<String> missing(Map<String, Range> table, List<String> activations) {
        return activations.stream().filter(t -> !table.containsKey(t)).toList();
    }
}
