package io.facegate.it;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.rekognition.model.ProvisionedThroughputExceededException;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static io.facegate.it.ApiErrors.assertSdkError;

/** {@code admission.key-rate}: a caller beyond its rate gets the modelled ProvisionedThroughputExceededException. */
class KeyRateIT {

    @RegisterExtension
    static final FacegateServer SERVER = new FacegateServer(() -> Map.of(
            "admission.key-rate", "0.05",
            "admission.key-burst", "2"));

    @Test
    void beyondTheBurstIsProvisionedThroughputExceeded() {
        assertThat(SERVER.detectFaces(Fixtures.oneFaceJpeg()).faceDetails(), hasSize(1));
        assertThat(SERVER.detectFaces(Fixtures.oneFaceJpeg()).faceDetails(), hasSize(1));
        ProvisionedThroughputExceededException e = assertSdkError(ProvisionedThroughputExceededException.class,
                () -> SERVER.detectFaces(Fixtures.oneFaceJpeg()));
        assertThat(e.awsErrorDetails().errorMessage(), org.hamcrest.Matchers.is("Provisioned Rate exceeded."));
    }
}
