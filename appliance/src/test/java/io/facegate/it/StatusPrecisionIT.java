package io.facegate.it;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.facegate.config.FacegateConfig;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * {@code GET /status} names the precision each model was loaded at (int8 by default for the detectors and the
 * attribute models, unless a manifest maps this CPU's variant to fp32) and the sha256 its manifest lists for that file.
 */
class StatusPrecisionIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @Test
    void statusShowsTheInt8FileForThisCpu() throws IOException {
        HttpResponse<String> response = SERVER.send(HttpRequest.newBuilder(SERVER.endpoint().resolve("/status")).GET().build());
        assertThat(response.statusCode(), is(200));
        JsonNode models = new ObjectMapper().readTree(response.body()).path("models");
        String int8 = "int8-" + FacegateConfig.Models.int8VariantFor(System.getProperty("os.arch"));
        assertThat(models.size() > 0, is(true));
        for (JsonNode model : models) {
            JsonNode manifest = new ObjectMapper().readTree(
                    FacegateServer.modelsDir().resolve(model.path("name").asText()).resolve("manifest.json").toFile());
            // A variant may be mapped to the fp32 file (faceres on x86-64: "use": "fp32"), and is then reported so.
            String expected = manifest.path("files").path(int8).path("use").asText(int8).equals("fp32") ? "fp32" : int8;
            assertThat(model.path("name").asText(), model.path("precision").asText(), is(expected));
            assertThat(model.path("sha256").asText(), is(manifest.path("files").path(expected).path("sha256").asText()));
        }
        assertThat(models.findValuesAsText("name").contains("faceres"), is(true));
    }
}
