package io.facegate.models.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.facegate.models.onnx.Onnx.ModelProto;

/**
 * Builds the int8 variants of every model folder whose {@code manifest.json} has a {@code quantization} recipe.
 * Detector recipes calibrate on whole photos and their tiles ({@link CalibrationImages}); face-crop recipes (a
 * {@code crop} entry) on the faces {@code calibration-faces.json} locates in the same photos ({@link FaceCrops}).
 *
 * <p>Usage: {@code QuantizeModels MODELS_DIR PHOTOS_DIR FACES_JSON SOURCE_DIR [verify|record]}. The committed
 * folder {@code SOURCE_DIR/<model>} is the reference: {@code verify} (the default) quantizes from its calibration
 * table ({@link CalibrationTable}), so every CPU builds the same bytes, and fails the build when a variant's sha256
 * differs from the one its manifest records, naming the file and both hashes; {@code record}, for a deliberate change
 * of recipe, calibration set or quantizer, runs the calibration pass through ONNX Runtime, writes the table and
 * writes the new hashes into the committed manifest.
 */
public final class QuantizeModels {

    private QuantizeModels() {
    }

    /** What to do with a variant whose sha256 differs from the committed one. */
    public enum Hashes { VERIFY, RECORD }

    /** Where calibration inputs come from. */
    public record Calibration(Path photos, Path faces) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            throw new IllegalArgumentException("usage: QuantizeModels MODELS_DIR PHOTOS_DIR FACES_JSON SOURCE_DIR [verify|record]");
        }
        Path models = Path.of(args[0]);
        Calibration calibration = new Calibration(Path.of(args[1]), Path.of(args[2]));
        Path sources = Path.of(args[3]);
        Hashes hashes = args.length == 5 && args[4].equals("record") ? Hashes.RECORD : Hashes.VERIFY;
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            long start = System.nanoTime();
            if (quantize(dir, calibration, sources.resolve(dir.getFileName()).resolve("manifest.json"), hashes)) {
                System.out.printf("quantized %s in %.1f s%n", dir.getFileName(), (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /**
     * Quantizes one model folder per its manifest; false when the manifest has no recipe. {@code committed} is the
     * manifest whose hashes are the reference.
     */
    public static boolean quantize(Path dir, Calibration calibration, Path committed, Hashes hashes) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path manifestFile = dir.resolve("manifest.json");
        ObjectNode manifest = (ObjectNode) json.readTree(manifestFile.toFile());
        JsonNode recipe = manifest.path("quantization");
        if (recipe.isMissingNode()) {
            return false;
        }
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(dir.resolve(manifest.path("files").path("fp32").path("file").asText())));
        List<Pattern> floatNodes = new ArrayList<>();
        recipe.path("floatNodes").forEach(p -> floatNodes.add(Pattern.compile(p.asText())));
        QdqQuantizer.Prepared prepared = QdqQuantizer.prepare(model, floatNodes);

        long[] shape = new long[manifest.path("input").path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = manifest.path("input").path("shape").get(i).asLong();
        }
        Path table = committed.resolveSibling(CalibrationTable.FILE);
        Map<String, Range> ranges;
        if (hashes == Hashes.RECORD) {
            Calibrator.Method method = Calibrator.Method.parse(recipe.path("calibrator").asText(),
                    recipe.path("percentile").asDouble(100));
            List<float[]> inputs = calibrationInputs(recipe, calibration, shape);
            ranges = Calibrator.calibrate(prepared.model(), prepared.activations(), shape, inputs, method);
            CalibrationTable.write(table, "io.facegate.models.quant.QuantizeModels with -Dmodels.hashes=record: "
                    + method.name() + (method.name().equals("percentile") ? " " + method.percentile() : "")
                    + " over " + inputs.size() + " calibration inputs, ONNX Runtime on " + System.getProperty("os.arch"),
                    ranges);
        } else {
            if (!Files.isRegularFile(table)) {
                throw new IllegalStateException(dir.getFileName() + ": no " + table + "; calibrate and record it with"
                        + " -Dmodels.hashes=record");
            }
            ranges = CalibrationTable.read(table);
            List<String> missing = CalibrationTable.missing(ranges, prepared.activations());
            if (!missing.isEmpty()) {
                throw new IllegalStateException(table + " has no range for " + missing + " (the graph or recipe changed);"
                        + " re-calibrate with -Dmodels.hashes=record");
            }
        }

        ObjectNode files = (ObjectNode) manifest.path("files");
        List<String> mismatches = new ArrayList<>();
        var variants = recipe.path("variants").fields();
        while (variants.hasNext()) {
            var variant = variants.next();
            int bits = variant.getValue().path("weightBits").asInt();
            if (bits != 7 && bits != 8) {
                throw new IllegalArgumentException(manifestFile + ": weightBits of " + variant.getKey() + " must be 7 or 8");
            }
            int qmax = bits == 8 ? 127 : 63;
            byte[] bytes = QdqQuantizer.quantize(prepared, ranges, new QdqQuantizer.Options(qmax, floatNodes)).toByteArray();
            String file = "model." + variant.getKey() + ".onnx";
            Files.write(dir.resolve(file), bytes);
            String sha = sha256(bytes);
            String reference = files.path(variant.getKey()).path("sha256").asText("");
            if (!reference.equals(sha)) {
                mismatches.add(file + ": built " + sha + ", committed " + (reference.isEmpty() ? "(none)" : reference));
            }
            ObjectNode entry = files.putObject(variant.getKey());
            entry.put("file", file);
            entry.put("sha256", sha);
        }
        if (!mismatches.isEmpty() && hashes == Hashes.VERIFY) {
            throw new IllegalStateException(dir.getFileName() + ": the int8 build differs from " + committed + ":\n  "
                    + String.join("\n  ", mismatches) + "\nIf you changed the recipe, the calibration inputs or the"
                    + " quantizer, re-record the hashes with -Dmodels.hashes=record and commit the manifest; otherwise"
                    + " this machine builds different models than the reference build, which is a bug to report.");
        }
        write(json, manifestFile, manifest);
        if (!mismatches.isEmpty()) {
            record(committed, (ObjectNode) json.readTree(committed.toFile()), files, json);
            System.out.println("recorded new int8 hashes in " + committed + ":\n  " + String.join("\n  ", mismatches));
        }
        return true;
    }

    /** The recipe's calibration inputs: face crops for a {@code crop} recipe, else whole photos and their tiles. */
    static List<float[]> calibrationInputs(JsonNode recipe, Calibration calibration, long[] shape) throws IOException {
        if (recipe.has("crop")) {
            return FaceCrops.inputs(calibration.faces(), calibration.photos(), recipe.path("crop"), (int) shape[1]);
        }
        List<Path> photoFiles = new ArrayList<>();
        recipe.path("calibrationPhotos").forEach(p -> photoFiles.add(calibration.photos().resolve(p.asText())));
        List<Integer> grids = new ArrayList<>();
        recipe.path("grids").forEach(g -> grids.add(g.asInt()));
        return CalibrationImages.inputs(photoFiles, (int) shape[1], grids);
    }

    /** Writes the built variants' hashes into the committed manifest, keeping its layout when only hashes change. */
    private static void record(Path committed, ObjectNode source, ObjectNode built, ObjectMapper json) throws IOException {
        String text = Files.readString(committed);
        boolean structural = false;
        var entries = built.fields();
        while (entries.hasNext()) {
            var e = entries.next();
            String old = source.path("files").path(e.getKey()).path("sha256").asText("");
            String now = e.getValue().path("sha256").asText();
            if (now.isEmpty()) {
                continue;
            }
            if (old.isEmpty()) {
                structural = true;
            } else if (!old.equals(now)) {
                text = text.replace("\"" + old + "\"", "\"" + now + "\"");
            }
        }
        if (structural) {
            source.set("files", built);
            write(json, committed, source);
        } else {
            Files.writeString(committed, text);
        }
    }

    /** Two-space indents, one array element a line and {@code "key": value}, as the committed manifests are written. */
    private static void write(ObjectMapper json, Path file, JsonNode manifest) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        Files.writeString(file, json.writer(printer).writeValueAsString(manifest) + "\n");
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
