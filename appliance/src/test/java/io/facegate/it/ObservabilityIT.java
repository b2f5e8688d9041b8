package io.facegate.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** Health and Prometheus metrics of the real server, read over HTTP as a monitoring agent would. */
class ObservabilityIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @Test
    void readinessRunsAProbeInferenceAndLivenessIsUp() {
        HttpResponse<String> ready = get("/observe/health/ready", "application/json");
        assertThat(ready.body(), ready.statusCode(), is(200));
        assertThat(ready.body(), containsString("probeMillis"));

        HttpResponse<String> live = get("/observe/health/live", "application/json");
        assertThat(live.body(), live.statusCode(), is(200));
        assertThat(live.body(), containsString("detector-hung"));
    }

    @Test
    void requestsAreCountedByOutcomeAndTimedByStage() {
        String before = metrics();
        SERVER.detectFaces(Fixtures.oneFaceJpeg());
        SERVER.post("{\"Image\": {}}");
        String after = metrics();

        assertThat(value(after, "facegate_requests_total", "operation=\"DetectFaces\"", "outcome=\"ok\"")
                - value(before, "facegate_requests_total", "operation=\"DetectFaces\"", "outcome=\"ok\""), closeTo(1, 0));
        assertThat(value(after, "facegate_requests_total", "outcome=\"InvalidParameterException\"")
                - value(before, "facegate_requests_total", "outcome=\"InvalidParameterException\""), closeTo(1, 0));
        for (String stage : List.of("parse", "decode", "detect", "attributes")) {
            assertThat(stage, value(after, "facegate_stage_seconds_count", "stage=\"" + stage + "\"")
                    - value(before, "facegate_stage_seconds_count", "stage=\"" + stage + "\""), greaterThan(0.0));
        }
        assertThat(after, containsString("facegate_stage_seconds_bucket{"));
        assertThat(value(after, "facegate_throttled_total"), closeTo(0, 0));
        assertThat(after, containsString("facegate_admission_queued "));
        assertThat(value(after, "facegate_admission_in_use"), closeTo(0, 0));
        assertThat(value(after, "facegate_model_load_seconds", "model=\"" + FacegateServer.DETECTOR + "\""),
                greaterThan(0.0));
    }

    private static String metrics() {
        HttpResponse<String> response = get("/observe/metrics", "text/plain");
        assertThat(response.statusCode(), is(200));
        return response.body();
    }

    private static HttpResponse<String> get(String path, String accept) {
        return SERVER.send(HttpRequest.newBuilder(URI.create(SERVER.endpoint() + path)).header("Accept", accept)
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    /** The sum of the samples of {@code name} whose labels contain every fragment (0 when there is none). */
    static double value(String exposition, String name, String... labels) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
