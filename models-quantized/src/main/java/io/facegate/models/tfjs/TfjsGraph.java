package io.facegate.models.tfjs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A TensorFlow.js graph model ({@code format: graph-model}) as read from its {@code model.json} and weight
 * shards: the nodes in file order and the constants decoded to float32 or int32.
 */
record TfjsGraph(List<Node> nodes, Map<String, Constant> constants) {

    /** One graph node; {@code inputs} without control inputs ({@code ^name}) and without a {@code :0} suffix. */
    record Node(String name, String op, List<String> inputs, JsonNode attr) {

        String string(String key) {
            JsonNode s = attr.path(key).path("s");
            return s.isMissingNode() ? null : new String(Base64.getDecoder().decode(s.asText()));
        }

        List<String> strings(String key) {
            List<String> out = new ArrayList<>();
            attr.path(key).path("list").path("s")
                    .forEach(s -> out.add(new String(Base64.getDecoder().decode(s.asText()))));
            return out;
        }

        long[] ints(String key) {
            JsonNode list = attr.path(key).path("list").path("i");
            long[] out = new long[list.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = list.get(i).asLong();
            }
            return out;
        }

        long integer(String key, long otherwise) {
            JsonNode i = attr.path(key).path("i");
            return i.isMissingNode() ? otherwise : i.asLong();
        }

        float real(String key, float otherwise) {
            JsonNode f = attr.path(key).path("f");
            return f.isMissingNode() ? otherwise : (float) f.asDouble();
        }

        boolean bool(String key) {
            return attr.path(key).path("b").asBoolean(false);
        }
    }

    /** A weight: float32 values (float16 weights are widened) or int32 values, with its shape. */
    record Constant(String name, long[] shape, float[] floats, int[] ints) {

        boolean isInt() {
            return ints != null;
        }

        int size() {
            return isInt() ? ints.length : floats.length;
        }
    }

    static TfjsGraph read(Path modelJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(modelJson.toFile());
        if (!"graph-model".equals(root.path("format").asText())) {
            throw new IllegalArgumentException(modelJson + " is not a tfjs graph-model (format '"
                    + root.path("format").asText() + "')");
        }
        List<Node> nodes = new ArrayList<>();
        for (JsonNode n : root.path("modelTopology").path("node")) {
            List<String> inputs = new ArrayList<>();
            for (JsonNode in : n.path("input")) {
                String ref = in.asText();
                if (!ref.startsWith("^")) {
                    inputs.add(ref.endsWith(":0") ? ref.substring(0, ref.length() - 2) : ref);
                }
            }
            nodes.add(new Node(n.path("name").asText(), n.path("op").asText(), List.copyOf(inputs), n.path("attr")));
        }
        Map<String, Constant> constants = new LinkedHashMap<>();
        for (JsonNode group : root.path("weightsManifest")) {
            ByteBuffer data = shards(modelJson.getParent(), group.path("paths"));
            for (JsonNode w : group.path("weights")) {
                Constant c = decode(w, data);
                constants.put(c.name(), c);
            }
            if (data.hasRemaining()) {
                throw new IllegalArgumentException(modelJson + ": " + data.remaining() + " bytes of weights left unread");
            }
        }
        return new TfjsGraph(List.copyOf(nodes), constants);
    }

    private static ByteBuffer shards(Path dir, JsonNode paths) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        int total = 0;
        for (JsonNode p : paths) {
            byte[] bytes = Files.readAllBytes(dir.resolve(p.asText()));
            parts.add(bytes);
            total += bytes.length;
        }
        ByteBuffer all = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        parts.forEach(all::put);
        return all.flip();
    }

    private static Constant decode(JsonNode w, ByteBuffer data) {
        String name = w.path("name").asText();
        long[] shape = new long[w.path("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = w.path("shape").get(i).asLong();
            count *= shape[i];
        }
        String dtype = w.path("dtype").asText();
        String stored = w.path("quantization").path("dtype").asText(dtype);
        int n = Math.toIntExact(count);
        long bytes = count * ("float16".equals(stored) ? 2 : 4);
        if (data.remaining() < bytes) {
            throw new IllegalArgumentException("weights file too short: " + name + " needs " + bytes + " bytes at offset "
                    + data.position() + " but only " + data.remaining() + " remain");
        }
        return switch (dtype + "/" + stored) {
            case "float32/float32" -> {
                float[] f = new float[n];
                data.asFloatBuffer().get(f);
                data.position(data.position() + 4 * n);
                yield new Constant(name, shape, f, null);
            }
            case "float32/float16" -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = Float.float16ToFloat(data.getShort());
                }
                yield new Constant(name, shape, f, null);
            }
            case "int32/int32" -> {
                int[] v = new int[n];
                data.asIntBuffer().get(v);
                data.position(data.position() + 4 * n);
                yield new Constant(name, shape, null, v);
            }
            default -> throw new IllegalArgumentException("weight " + name + ": dtype " + dtype + " stored as "
                    + stored + " is not supported");
        };
    }
}
