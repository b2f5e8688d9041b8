package io.facegate.decode;

/** An image that facegate will not process, with the reason an API maps to its own error. */
public final class ImageRejectedException extends Exception {

    /** Why the image was refused. */
    public enum Reason {
        /** Not PNG or JPEG, or truncated, or undecodable. */
        INVALID_FORMAT,
        /** More pixels than the configured cap. */
        TOO_LARGE,
        /** A side shorter than the configured minimum. */
        TOO_SMALL
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
