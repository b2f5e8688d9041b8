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
                            TensorSpec input, List<TensorSpec> outputs, List<AnchorLayer> anchors,
                            WiderBox widerBox) {

    /** A named tensor and its static shape. */
    public record TensorSpec(String name, long[] shape) {
    }

    /**
     * Reads the manifest for the file under {@code files.<precision>} (fp32, int8-arm64, int8-x86-64). An entry
     * {@code {"use": "fp32", "why": ...}} stands for a variant that is deliberately not built: the fp32 file is loaded
     * and reported as fp32.
     */
    static ModelManifest read(Path manifestFile, String precision) throws IOException {
        JsonNode root = new ObjectMapper().readTree(manifestFile.toFile());
        JsonNode file = root.path("files").path(precision);
        if (file.path("use").asText().equals("fp32")) {
            precision = "fp32";
            file = root.path("files").path(precision);
        }
        if (!file.isObject()) {
            List<String> known = new ArrayList<>();
            root.path("files").fieldNames().forEachRemaining(known::add);
            throw new ModelException(manifestFile + " has no '" + precision + "' model file (it lists " + known
                    + "); set models.precision / models.int8-variant accordingly or rebuild the models");
        }
        List<TensorSpec> outputs = new ArrayList<>();
        root.path("outputs").forEach(o -> outputs.add(spec(o)));
        return new ModelManifest(root.path("name").asText(), precision, file.path("file").asText("model.onnx"),
                file.path("sha256").asText(), root.path("licence").asText(), spec(root.path("input")), outputs,
                anchors(manifestFile, root.path("anchors"), outputs), widerBox(manifestFile, root.path("widerBox")));
    }

    /** The detector's anchor grids ({@code anchors}; empty for models that are not face detectors), checked against the outputs. */
    private static List<AnchorLayer> anchors(Path manifestFile, JsonNode node, List<TensorSpec> outputs) {
        List<AnchorLayer> layers = new ArrayList<>();
        for (JsonNode layer : node) {
            String scores = layer.path("scores").asText();
            String offsets = layer.path("offsets").asText();
            AnchorLayer a = new AnchorLayer(layer.path("cells").asInt(), layer.path("anchorsPerCell").asInt(),
                    scores, stride(manifestFile, scores, outputs), layer.path("scoreIndex").asInt(),
                    offsets, stride(manifestFile, offsets, outputs), layer.path("offsetIndex").asInt());
            if (a.anchors() <= 0 || a.anchors() != anchorCount(scores, outputs) || a.anchors() != anchorCount(offsets, outputs)
                    || a.scoreIndex() < 0 || a.scoreIndex() >= a.scoreStride()
                    || a.offsetIndex() < 0 || a.offsetIndex() + AnchorLayer.OFFSETS > a.offsetStride()) {
                throw new ModelException(manifestFile + ": anchor layer " + a + " does not fit its outputs "
                        + outputs.stream().map(o -> o.name() + java.util.Arrays.toString(o.shape())).toList());
            }
            layers.add(a);
        }
        return List.copyOf(layers);
    }

    private static WiderBox widerBox(Path manifestFile, JsonNode node) {
        if (node.isMissingNode()) {
            return WiderBox.NONE;
        }
        WiderBox box = new WiderBox(node.path("widthScale").asDouble(1), node.path("heightScale").asDouble(1),
                node.path("centreUp").asDouble(0), node.path("centreRight").asDouble(0));
        if (!(box.widthScale() > 0 && box.heightScale() > 0)) {
            throw new ModelException(manifestFile + ": widerBox scales must be positive, not " + box);
        }
        return box;
    }

    private static int stride(Path manifestFile, String output, List<TensorSpec> outputs) {
        long[] shape = outputs.stream().filter(o -> o.name().equals(output)).findFirst()
                .orElseThrow(() -> new ModelException(manifestFile + ": anchors name output '" + output
                        + "' that the manifest does not list"))
                .shape();
        return (int) shape[shape.length - 1];
    }

    /** The anchor dimension of an output shaped {@code [1, anchors, values]}. */
    private static long anchorCount(String output, List<TensorSpec> outputs) {
        long[] shape = outputs.stream().filter(o -> o.name().equals(output)).findFirst().orElseThrow().shape();
        return shape.length == 3 ? shape[1] : -1;
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
