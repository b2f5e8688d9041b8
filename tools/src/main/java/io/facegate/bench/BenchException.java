package io.facegate.bench;

/** Something the benchmark needs is missing or broken; the message says what and how to fix it. */
final class BenchException extends RuntimeException {

    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
