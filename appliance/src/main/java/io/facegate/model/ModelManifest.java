package io.facegate.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What {@code models-quantized/<name>/manifest.json} promises about a model file: its hash and its signature.
 * The service loads a model only if the file and the ONNX graph match it.
 */
public record ModelManifest(String name, String precision, String file, String sha256, String licence,
                            TensorSpec input, List<TensorSpec> outputs) {

    /** A named tensor and its static shape. */
    public record TensorSpec(String name, long[] shape) {
    }

    /** Reads the manifest for the file under {@code files.<precision>} (fp32, int8-arm64, int8-x86-64). */
    static ModelManifest read(Path manifestFile, String precision) throws IOException {
        JsonNode root = new ObjectMapper().readTree(manifestFile.toFile());
        JsonNode file = root.path("files").path(precision);
        if (!file.isObject()) {
            List<String> known = new ArrayList<>();
            root.path("files").fieldNames().forEachRemaining(known::add);
            throw new ModelException(manifestFile + " has no '" + precision + "' model file (it lists " + known
                    + "); set models.precision / models.int8-variant accordingly or rebuild the models");
        }
        List<TensorSpec> outputs = new ArrayList<>();
        root.path("outputs").forEach(o -> outputs.add(spec(o)));
        return new ModelManifest(root.path("name").asText(), precision, file.path("file").asText("model.onnx"),
                file.path("sha256").asText(), root.path("licence").asText(), spec(root.path("input")), outputs);
    }

    private static TensorSpec spec(JsonNode node) {
        JsonNode shape = node.path("shape");
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).asLong();
        }
        return new TensorSpec(node.path("name").asText(), dims);
    }
}
