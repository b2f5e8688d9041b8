package io.facegate.api;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * A Rekognition error on the wire, in a routed response or in a transport response written before routing:
 * {@code {"__type", "Code", "Message", "Logref"}}, the same code in {@code x-amzn-ErrorType}, the request id in
 * {@code x-amzn-RequestId} and {@code Logref}, {@code Content-Type: application/x-amz-json-1.1}.
 */
final class ErrorResponses {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final HeaderName REQUEST_ID = HeaderNames.create("x-amzn-RequestId");
    static final HeaderName ERROR_TYPE = HeaderNames.create("x-amzn-ErrorType");

    private ErrorResponses() {
    }

    /** Sends {@code type} at its own status. */
    static void send(ServerResponse res, ErrorType type, String message, String requestId) {
        res.status(Status.create(type.status()));
        res.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
        res.header(REQUEST_ID, requestId);
        res.header(ERROR_TYPE, type.name());
        res.send(ResponseJson.error(type, message, requestId));
    }

    /**
     * {@code type} at {@code status} for Helidon to write itself ({@link ProtocolErrors}); {@code withBody} false
     * for an answer that cannot carry one (to HEAD).
     */
    static DirectHandler.TransportResponse transport(Status status, ErrorType type, String message, String requestId,
                                                     ServerResponseHeaders headers, boolean keepAlive,
                                                     boolean withBody) {
        DirectHandler.TransportResponse.Builder response = DirectHandler.TransportResponse.builder()
                .headers(headers)
                .status(status)
                .header(HeaderNames.DATE, HttpDate.now())
                .header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE)
                .header(REQUEST_ID, requestId)
                .header(ERROR_TYPE, type.name())
                .keepAlive(keepAlive);
        if (withBody) {
            response.entity(ResponseJson.error(type, message, requestId));
        }
        return response.build();
    }
}
