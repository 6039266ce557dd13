package io.notespipeline.bench;

/** The bench module's unchecked root exception: a benchmark could not be set up or run. */
public class BenchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
