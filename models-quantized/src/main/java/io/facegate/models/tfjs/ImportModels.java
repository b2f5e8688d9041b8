package io.facegate.models.tfjs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.facegate.models.onnx.Onnx.ModelProto;

/**
 * Converts every model folder whose {@code manifest.json} has a {@code tfjs} block (the graph file fetched next
 * to it) to ONNX, written as the manifest's {@code files.fp32.file}. The manifest names the ONNX input and, per
 * output, the tfjs tensor it comes from. A result whose sha256 differs from the committed one is reported.
 *
 * <p>Usage: {@code ImportModels MODELS_DIR}.
 */
public final class ImportModels {

    private ImportModels() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ImportModels MODELS_DIR");
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("manifest.json"))).sorted().toList();
        }
        for (Path dir : dirs) {
            JsonNode manifest = new ObjectMapper().readTree(dir.resolve("manifest.json").toFile());
            if (manifest.path("tfjs").isMissingNode()) {
                continue;
            }
            long start = System.nanoTime();
            byte[] onnx = convert(dir, manifest);
            Path target = dir.resolve(manifest.path("files").path("fp32").path("file").asText());
            Path tmp = target.resolveSibling(target.getFileName() + ".part");
            Files.write(tmp, onnx);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String sha = sha256(onnx);
            String committed = manifest.path("files").path("fp32").path("sha256").asText();
            System.out.printf("tfjs import: %s -> %s (%d bytes, %d ms)%n", dir.getFileName(), target.getFileName(),
                    onnx.length, (System.nanoTime() - start) / 1_000_000);
            if (!sha.equals(committed)) {
                System.out.println("WARNING: " + target + " has sha256 " + sha + " but its manifest records " + committed);
            }
        }
    }

    /** The ONNX bytes for the tfjs graph named by {@code manifest} in {@code dir}. */
    public static byte[] convert(Path dir, JsonNode manifest) throws IOException {
        JsonNode tfjs = manifest.path("tfjs");
        TfjsGraph graph = TfjsGraph.read(dir.resolve(tfjs.path("graph").asText()));
        JsonNode input = manifest.path("input");
        List<TfjsToOnnx.Output> outputs = new ArrayList<>();
        for (JsonNode out : manifest.path("outputs")) {
            outputs.add(new TfjsToOnnx.Output(out.path("tfjs").asText(), out.path("name").asText(), shape(out)));
        }
        var signature = new TfjsToOnnx.Signature(input.path("tfjs").asText(), input.path("name").asText(), shape(input), outputs);
        ModelProto model = TfjsToOnnx.convert(graph, signature, "Imported from tfjs graph model "
                + manifest.path("source").path("package").asText() + "@" + manifest.path("source").path("version").asText()
                + " " + manifest.path("source").path("file").asText() + " by facegate's tfjs importer");
        return model.toByteArray();
    }

    static long[] shape(JsonNode tensor) {
        long[] shape = new long[tensor.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = tensor.path("shape").get(i).asLong();
        }
        return shape;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
