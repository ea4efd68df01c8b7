package io.cutover.controller.api.tls;

/** A certificate and key that cannot be served: unreadable, not PEM, encrypted, or not a pair. */
final class UnusableTlsFilesException extends Exception {

    UnusableTlsFilesException(String message) {
        super(message);
    }

    UnusableTlsFilesException(String message, Throwable cause) {
        super(message, cause);
    }
}
