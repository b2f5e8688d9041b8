package io.facegate.api;

import java.util.EnumSet;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the DetectFaces body parser with arbitrary bytes (deep JSON, giant strings, invalid UTF-8, duplicate keys,
 * bad base64, wrong types). The only outcomes allowed are a request or a typed {@link ApiException} of the two
 * kinds a body can cause; any other exception, a hang or a memory blow-up is a finding.
 *
 * <p>{@code mvn verify} replays the regression corpus in {@code RequestParserFuzzTestInputs/parse/}; fuzzing mode:
 * {@code JAZZER_FUZZ=1 mvn -B -q test -pl appliance -Dtest=RequestParserFuzzTest} (README, "Fuzzing").
 */
class RequestParserFuzzTest {

    private static final Set<ErrorType> BODY_ERRORS = EnumSet.of(ErrorType.InvalidParameterException,
            ErrorType.ImageTooLargeException);

    @FuzzTest(maxDuration = "2m")
    void parse(byte[] body) {
        try {
            DetectFacesRequest request = RequestParser.parse(body);
            if (request.image() == null || request.attributes() == null) {
                throw new AssertionError("parsed request without image or attributes");
            }
        } catch (ApiException e) {
            if (!BODY_ERRORS.contains(e.type()) || e.getMessage() == null || e.getMessage().isEmpty()) {
                throw new AssertionError("unexpected error " + e.type() + ": " + e.getMessage());
            }
        }
    }
}
