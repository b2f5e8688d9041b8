package io.facegate.models.tfjs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.facegate.models.onnx.Onnx.ModelProto;
import io.facegate.models.onnx.Onnx.NodeProto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every committed manifest with a {@code tfjs} block: converting the fetched graph twice gives the same bytes,
 * they are the bytes the build wrote, and their sha256 is the one the manifest records.
 */
class ImportModelsTest {

    private static final Path BUILT = Path.of("target/models");

    @TestFactory
    Stream<DynamicTest> importIsDeterministicAndMatchesTheManifest() throws Exception {
        List<Path> manifests;
        try (Stream<Path> s = Files.list(Path.of("."))) {
            manifests = s.map(d -> d.resolve("manifest.json")).filter(Files::isRegularFile).sorted().toList();
        }
        ObjectMapper json = new ObjectMapper();
        List<Path> tfjs = manifests.stream().filter(m -> {
            try {
                return !json.readTree(m.toFile()).path("tfjs").isMissingNode();
            } catch (Exception e) {
                throw new IllegalStateException(m.toString(), e);
            }
        }).toList();
        assertTrue(tfjs.size() >= 3, "facemesh, iris and emotion at least: " + tfjs);
        return tfjs.stream().map(m -> DynamicTest.dynamicTest(m.getParent().getFileName().toString(), () -> {
            JsonNode manifest = json.readTree(m.toFile());
            Path dir = BUILT.resolve(m.getParent().getFileName());
            byte[] first = ImportModels.convert(dir, manifest);
            byte[] second = ImportModels.convert(dir, manifest);
            assertArrayEquals(first, second, "two conversions differ");
            JsonNode fp32 = manifest.path("files").path("fp32");
            assertArrayEquals(first, Files.readAllBytes(dir.resolve(fp32.path("file").asText())), "built file differs");
            assertEquals(fp32.path("sha256").asText(), ImportModels.sha256(first), "sha256 recorded in " + m);

            ModelProto model = ModelProto.parseFrom(first);
            assertEquals(TfjsToOnnx.OPSET, model.getOpsetImport(0).getVersion());
            assertEquals(manifest.path("input").path("name").asText(), model.getGraph().getInput(0).getName());
            assertEquals(manifest.path("outputs").size(), model.getGraph().getOutputCount());
            for (int i = 0; i < model.getGraph().getOutputCount(); i++) {
                assertEquals(manifest.path("outputs").get(i).path("name").asText(), model.getGraph().getOutput(i).getName());
            }
            assertTrue(model.getGraph().getNodeList().stream().map(NodeProto::getOpType).anyMatch("Conv"::equals));
            signatureAsTheServiceChecksIt(first, manifest);
        }));
    }

    /** The check the service makes before it uses a model: input and output names and shapes as the manifest says. */
    private static void signatureAsTheServiceChecksIt(byte[] onnx, JsonNode manifest) throws Exception {
        try (var options = new OrtSession.SessionOptions();
             OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx, options)) {
            JsonNode in = manifest.path("input");
            assertArrayEquals(ImportModels.shape(in),
                    ((TensorInfo) session.getInputInfo().get(in.path("name").asText()).getInfo()).getShape());
            for (JsonNode out : manifest.path("outputs")) {
                assertArrayEquals(ImportModels.shape(out),
                        ((TensorInfo) session.getOutputInfo().get(out.path("name").asText()).getInfo()).getShape(),
                        out.path("name").asText());
            }
        }
    }
}
