package io.facegate.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;

import static io.facegate.it.ApiErrors.assertSdkError;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;

/**
 * Requests in parallel (inference, decoding and errors interleaved on one server) get the same answers as one at
 * a time: no state leaks between requests.
 */
class ConcurrencyIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer();

    private static final int[] GROUP_COUNTS = {3, 3, 3, 4, 5, 4};

    private static FaceDetail alone;

    @BeforeAll
    static void detectAlone() {
        List<FaceDetail> faces = SERVER.detectFaces(Fixtures.oneFaceJpeg()).faceDetails();
        assertThat(faces, hasSize(1));
        alone = faces.getFirst();
    }

    @AfterEach
    void stillServing() {
        SERVER.assertStillServing();
    }

    @Test
    void mixedRequestsInParallel() throws Exception {
        byte[] face = Fixtures.oneFaceJpeg();
        byte[][] photos = new byte[6][];
        for (int i = 0; i < 6; i++) {
            photos[i] = Fixtures.photoBytes(i + 1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    switch (n % 3) {
                        case 0 -> {
                            List<FaceDetail> faces = SERVER.detectFaces(face).faceDetails();
                            assertThat(faces, hasSize(1));
                            // Identical input, identical answer.
                            FaceAsserts.assertSameFace(alone, faces.getFirst(), 1e-6);
                        }
                        case 1 -> assertThat("sample" + (n % 6 + 1),
                                SERVER.detectFaces(photos[n % 6]).faceDetails(), hasSize(GROUP_COUNTS[n % 6]));
                        default -> assertSdkError(InvalidImageFormatException.class,
                                () -> SERVER.detectFaces(new byte[] {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'g'}));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof AssertionError a ? a : new AssertionError(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
