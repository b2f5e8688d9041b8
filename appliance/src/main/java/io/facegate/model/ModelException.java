package io.facegate.model;

/** A model is missing, does not match its manifest, or ONNX Runtime cannot load it. */
public final class ModelException extends RuntimeException {

    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
