package io.facegate.auth;

/**
 * Why a request was not authenticated or not authorised. The constant names are the {@code __type} codes AWS's
 * front end sends; every one travels with HTTP 400.
 */
public enum AuthFailure {
    MissingAuthenticationTokenException,
    IncompleteSignatureException,
    UnrecognizedClientException,
    InvalidSignatureException,
    AccessDeniedException
}
