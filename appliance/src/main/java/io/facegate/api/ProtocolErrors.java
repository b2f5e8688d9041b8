package io.facegate.api;

import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Requests Helidon answers itself, before or instead of an operation, answered in Rekognition's error shape (status
 * and {@code __type} per {@link #classify}) rather than with Helidon's empty or {@code text/plain} bodies: what a
 * Rekognition client parses as a typed error. Register with {@code WebServer.builder().directHandlers(HANDLERS)}.
 *
 * <p>Helidon writes these itself and closes the connection after most of them (broken framing leaves no way to find
 * the next request), so the body of a refused request is not read.
 */
public final class ProtocolErrors {

    private static final Logger LOG = Logger.getLogger(ProtocolErrors.class.getName());

    /** One handler for every event type. */
    public static final DirectHandlers HANDLERS = handlers();

    /** What a refusal becomes: the status sent, the Rekognition error and its message. */
    record Reply(Status status, ErrorType type, String message) {
    }

    private ProtocolErrors() {
    }

    private static DirectHandlers handlers() {
        DirectHandlers.Builder builder = DirectHandlers.builder();
        DirectHandler handler = ProtocolErrors::handle;
        for (EventType event : EventType.values()) {
            builder.addHandler(event, handler);
        }
        return builder.build();
    }

    private static DirectHandler.TransportResponse handle(DirectHandler.TransportRequest request, EventType event,
                                                          Status status, ServerResponseHeaders headers,
                                                          String message) {
        Reply reply = classify(request, event, status);
        String requestId = UUID.randomUUID().toString();
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("request " + requestId + " refused by the HTTP layer: " + event + " " + status.code() + " "
                    + (message == null ? "" : message) + " → " + reply.status().code() + " " + reply.type());
        }
        boolean keepAlive = event.keepAlive() && reply.status().code() < 500;
        return ErrorResponses.transport(reply.status(), reply.type(), reply.message(), requestId, headers, keepAlive,
                !request.method().equals(Method.HEAD.text()));
    }

    /**
     * The Rekognition error for what Helidon refused:
     * <ul>
     * <li>a body over its payload limit (413) → {@code ImageTooLargeException} 400, as the API answers an image too
     * large;
     * <li>no route (404: {@code GET /}, any other path or method) → {@code UnknownOperationException} 404;
     * <li>bytes that are not an HTTP request at all (a TLS ClientHello on the plain port, a binary request line),
     * which Helidon reports as an internal error with no request parsed → {@code InvalidParameterException} 400;
     * <li>its own concurrency limit (503) → {@code ThrottlingException}, which clients retry;
     * <li>any other fault (5xx) → {@code InternalServerError} 500;
     * <li>any other refusal (bad framing, negative or non-numeric Content-Length, Content-Length with chunked, headers
     * too large, request line too long 414, HTTP/1.0 505, unsupported transfer encoding 501) →
     * {@code InvalidParameterException} at Helidon's status.
     * </ul>
     */
    static Reply classify(DirectHandler.TransportRequest request, EventType event, Status status) {
        int code = status.code();
        if (code == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
            return new Reply(Status.create(ErrorType.ImageTooLargeException.status()), ErrorType.ImageTooLargeException,
                    "Image size is too large.");
        }
        if (code == Status.NOT_FOUND_404.code()) {
            return new Reply(status, ErrorType.UnknownOperationException, "Nothing at " + abbreviate(request.method())
                    + " " + abbreviate(request.path()) + ": DetectFaces is POST / with X-Amz-Target: "
                    + "RekognitionService.DetectFaces.");
        }
        if (event == EventType.INTERNAL_ERROR && request.method().isEmpty()) {
            return invalid(Status.BAD_REQUEST_400, "The request is not HTTP/1.1 (was it TLS sent to the plain HTTP "
                    + "port?).");
        }
        if (code == Status.SERVICE_UNAVAILABLE_503.code()) {
            return new Reply(Status.create(ErrorType.ThrottlingException.status()), ErrorType.ThrottlingException,
                    "Slow down; sudden increase in rate of requests.");
        }
        if (code >= 500 && code != Status.NOT_IMPLEMENTED_501.code()
                && code != Status.HTTP_VERSION_NOT_SUPPORTED_505.code()) {
            return new Reply(Status.INTERNAL_SERVER_ERROR_500, ErrorType.InternalServerError, "Internal server error");
        }
        return invalid(status, switch (code) {
            case 414 -> "The request line is too long.";
            case 431 -> "The request headers are too large.";
            case 501 -> "The request's transfer encoding is not supported: send Content-Length or chunked.";
            case 505 -> "Only HTTP/1.1 is supported.";
            default -> "The request is not well-formed HTTP/1.1 (request line, headers or body framing).";
        });
    }

    private static Reply invalid(Status status, String message) {
        return new Reply(status, ErrorType.InvalidParameterException, message);
    }

    private static String abbreviate(String value) {
        return value.length() <= 100 ? value : value.substring(0, 100) + "…";
    }
}
