package io.cutover.core.tls;

/** A certificate and key that cannot be served: unreadable, not PEM, encrypted, or not a pair. */
public final class UnusableTlsFilesException extends Exception {

    public UnusableTlsFilesException(String message) {
        super(message);
    }

    public UnusableTlsFilesException(String message, Throwable cause) {
        super(message, cause);
    }
}
