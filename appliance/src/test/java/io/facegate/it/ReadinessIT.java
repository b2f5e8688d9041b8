package io.facegate.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Readiness follows the detector: once inference fails inside the service, /observe/health/ready says 503. */
class ReadinessIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    @Test
    void readinessGoesDownWhenTheDetectorFails() throws InterruptedException {
        assertThat(ready().statusCode(), is(200));

        SERVER.closeModels();
        // The last probe's answer is reused for 5 s; the next one runs on the closed sessions.
        HttpResponse<String> response = ready();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (response.statusCode() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            response = ready();
        }
        assertThat(response.body(), response.statusCode(), is(503));
        assertThat(response.body(), containsString("probe inference failed"));
        HttpResponse<String> live = SERVER.send(HttpRequest.newBuilder(URI.create(SERVER.endpoint() + "/observe/health/live"))
                .timeout(Duration.ofSeconds(30)).GET().build());
        assertThat("a failing detector is not a hung one", live.statusCode(), is(200));
    }

    private static HttpResponse<String> ready() {
        return SERVER.send(HttpRequest.newBuilder(URI.create(SERVER.endpoint() + "/observe/health/ready"))
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).GET().build());
    }
}
