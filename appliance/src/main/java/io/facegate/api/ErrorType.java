package io.facegate.api;

/**
 * Rekognition's error codes as they travel in {@code __type}: the short shape name, exact case, no namespace.
 * Statuses as AWS documents them; throttling is sent as 400 so it does not page anyone, and clients retry it.
 */
enum ErrorType {
    InvalidParameterException(400),
    InvalidImageFormatException(400),
    ImageTooLargeException(400),
    InvalidS3ObjectException(400),
    UnknownOperationException(400),
    InternalServerError(500),
    MissingAuthenticationTokenException(400),
    IncompleteSignatureException(400),
    UnrecognizedClientException(400),
    InvalidSignatureException(400),
    AccessDeniedException(400),
    ThrottlingException(400),
    ProvisionedThroughputExceededException(400);

    private final int status;

    ErrorType(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }
}
