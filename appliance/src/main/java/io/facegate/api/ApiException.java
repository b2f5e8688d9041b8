package io.facegate.api;

/** A request that ends in a Rekognition error; the message is sent to the client as is. */
final class ApiException extends Exception {

    private final ErrorType type;

    ApiException(ErrorType type, String message) {
        super(message, null, false, false);
        this.type = type;
    }

    ErrorType type() {
        return type;
    }
}
