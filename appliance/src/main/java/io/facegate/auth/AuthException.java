package io.facegate.auth;

/** A request refused by {@link SigV4Verifier}; the message is AWS's wording and is sent to the client as is. */
public final class AuthException extends Exception {

    private final AuthFailure failure;

    public AuthException(AuthFailure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    public AuthFailure failure() {
        return failure;
    }
}
