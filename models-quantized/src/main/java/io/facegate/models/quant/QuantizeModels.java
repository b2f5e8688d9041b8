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
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.facegate.models.onnx.Onnx.ModelProto;

/**
 * Builds the int8 variants of every model folder whose {@code manifest.json} has a {@code quantization} recipe,
 * and records each variant's file and sha256 under {@code files} in that manifest.
 *
 * <p>Usage: {@code QuantizeModels MODELS_DIR PHOTOS_DIR}. Deterministic: the same model, photos and recipe give
 * the same bytes. When a manifest already names a sha256 for a variant (the committed reference build) and this
 * build differs, a warning names both; the written manifest always holds the hash of the file written.
 */
public final class QuantizeModels {

    private QuantizeModels() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: QuantizeModels MODELS_DIR PHOTOS_DIR");
        }
        Path models = Path.of(args[0]);
        Path photos = Path.of(args[1]);
        List<Path> dirs;
        try (Stream<Path> s = Files.list(models)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            long start = System.nanoTime();
            if (quantize(dir, photos)) {
                System.out.printf("quantized %s in %.1f s%n", dir.getFileName(), (System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** Quantizes one model folder per its manifest; false when the manifest has no recipe. */
    public static boolean quantize(Path dir, Path photos) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
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

        List<Path> photoFiles = new ArrayList<>();
        recipe.path("calibrationPhotos").forEach(p -> photoFiles.add(photos.resolve(p.asText())));
        List<Integer> grids = new ArrayList<>();
        recipe.path("grids").forEach(g -> grids.add(g.asInt()));
        long[] shape = new long[manifest.path("input").path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = manifest.path("input").path("shape").get(i).asLong();
        }
        List<float[]> inputs = CalibrationImages.inputs(photoFiles, (int) shape[1], grids);
        Calibrator.Method method = Calibrator.Method.parse(recipe.path("calibrator").asText(),
                recipe.path("percentile").asDouble(100));
        Map<String, Range> ranges = Calibrator.calibrate(prepared.model(), prepared.activations(), shape, inputs, method);

        ObjectNode files = (ObjectNode) manifest.path("files");
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
            if (!reference.isEmpty() && !reference.equals(sha)) {
                System.err.println("WARNING: " + dir.getFileName() + "/" + file + " has sha256 " + sha
                        + " but the committed manifest records " + reference
                        + " (a different CPU can calibrate a few ranges differently); the built manifest records the new hash");
            }
            ObjectNode entry = files.putObject(variant.getKey());
            entry.put("file", file);
            entry.put("sha256", sha);
        }
        json.writeValue(manifestFile.toFile(), manifest);
        return true;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

}
