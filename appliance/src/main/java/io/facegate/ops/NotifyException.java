package io.facegate.ops;

/** systemd's notification settings are invalid, or a notification could not be sent; the message says which. */
public final class NotifyException extends RuntimeException {

    public NotifyException(String message) {
        super(message);
    }

    public NotifyException(String message, Throwable cause) {
        super(message, cause);
    }
}
