package io.facegate.gpio;

/** The GPIO lines cannot be claimed; the service refuses to start. */
public final class GpioException extends Exception {
    public GpioException(String message, Throwable cause) {
        super(message, cause);
    }
}
