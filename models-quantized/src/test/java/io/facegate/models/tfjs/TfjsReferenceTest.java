package io.facegate.models.tfjs;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs each imported model (built into target/models by the package phase) with ONNX Runtime on the input
 * recorded in its fixture and compares the outputs with what TensorFlow.js computed
 * (tfjs-reference/make-fixtures.mjs): max abs difference at most 1e-3 of the output's max |reference|.
 */
class TfjsReferenceTest {

    private static final Path FIXTURES = Path.of("src/test/resources/tfjs-reference");
    private static final Path BUILT = Path.of("target/models");
    private static final double RELATIVE_TOLERANCE = 1e-3;

    @TestFactory
    Stream<DynamicTest> importedModelsMatchTensorFlowJs() throws Exception {
        List<Path> fixtures;
        try (Stream<Path> s = Files.list(FIXTURES)) {
            fixtures = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(fixtures.size() >= 3, "fixtures for facemesh, iris and emotion at least");
        return fixtures.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path fixtureFile) throws Exception {
        JsonNode fixture = new ObjectMapper().readTree(fixtureFile.toFile());
        String name = fixture.path("model").asText();
        JsonNode in = fixture.path("input");
        long[] shape = longs(in.path("shape"));
        float[] x = Lcg32.uniform(Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b)),
                in.path("lo").asDouble(), in.path("hi").asDouble(), in.path("seed").asInt());
        var env = OrtEnvironment.getEnvironment();
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(BUILT.resolve(name).resolve("model.onnx").toString(), options);
                 OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
                 OrtSession.Result result = session.run(Map.of(in.path("name").asText(), input))) {
                for (JsonNode out : fixture.path("outputs")) {
                    OnnxTensor t = (OnnxTensor) result.get(out.path("name").asText()).orElseThrow();
                    assertArrayEquals(longs(out.path("shape")), t.getInfo().getShape(), name + " " + out.path("name").asText() + " shape");
                    FloatBuffer buffer = t.getFloatBuffer();
                    float[] actual = new float[buffer.remaining()];
                    buffer.get(actual);
                    assertEquals(out.path("size").asInt(), actual.length);
                    int stride = out.path("stride").asInt();
                    double maxDiff = 0;
                    JsonNode values = out.path("values");
                    for (int k = 0; k < values.size(); k++) {
                        maxDiff = Math.max(maxDiff, Math.abs(actual[k * stride] - values.get(k).asDouble()));
                    }
                    double scale = out.path("maxAbs").asDouble();
                    System.out.printf("tfjs-reference %s %s: max abs diff %.3g over %d values (max |ref| %.4g)%n",
                            name, out.path("name").asText(), maxDiff, values.size(), scale);
                    assertTrue(maxDiff <= RELATIVE_TOLERANCE * scale, name + " " + out.path("name").asText()
                            + ": max abs diff " + maxDiff + " > 1e-3 x " + scale);
                }
            }
        }
    }

    private static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }
}
