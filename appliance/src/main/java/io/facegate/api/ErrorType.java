package io.facegate.api;

/**
 * Rekognition's error codes as they travel in {@code __type}: the short shape name, exact case, no namespace.
 * Statuses as AWS documents them for DetectFaces: {@code ThrottlingException} is 500 (the service model marks it a
 * server fault; clients that alert or retry on 5xx depend on it), {@code ProvisionedThroughputExceededException}
 * 400. Every AWS client retries both.
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
    ThrottlingException(500),
    ProvisionedThroughputExceededException(400);

    private final int status;

    ErrorType(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }
}
