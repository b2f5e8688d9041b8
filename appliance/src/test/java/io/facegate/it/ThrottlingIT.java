package io.facegate.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.rekognition.model.ThrottlingException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/**
 * One detector slot and no queue: of simultaneous requests, those that find the slot taken are answered at once
 * with the modelled {@code ThrottlingException} (400), the rest succeed, and nothing else happens.
 */
class ThrottlingIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> Map.of(
            "admission.max-concurrent", "1",
            "admission.max-queued", "0"));

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    @Test
    void beyondTheSlotIsThrottlingException() throws Exception {
        byte[] photo = Fixtures.photoBytes(2);
        int clients = 8;
        int ok = 0;
        int throttled = 0;
        for (int round = 0; round < 3 && throttled == 0; round++) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> outcomes = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
                for (int i = 0; i < clients; i++) {
                    outcomes.add(pool.submit(() -> {
                        go.await();
                        try {
                            SERVER.detectFaces(photo);
                            return "ok";
                        } catch (RekognitionException e) {
                            assertThat(e.getClass(), equalTo((Object) ThrottlingException.class));
                            assertThat(e.statusCode(), is(400));
                            assertThat(e.awsErrorDetails().errorMessage(),
                                    is("Slow down; sudden increase in rate of requests."));
                            return "throttled";
                        }
                    }));
                }
                go.countDown();
                for (Future<String> outcome : outcomes) {
                    if (outcome.get().equals("ok")) {
                        ok++;
                    } else {
                        throttled++;
                    }
                }
            }
        }
        assertThat(ok, greaterThan(0));
        assertThat(throttled, greaterThan(0));
    }
}
