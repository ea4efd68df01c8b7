package io.cutover.router.pool;

/**
 * Receives what happens on a backend connection while it serves one exchange. Called on the connection's
 * event loop.
 */
public interface BackendListener {

    /** A decoded response part ({@code HttpObject}), or raw bytes once the codec is gone; ownership passes. */
    void backendRead(Object msg);

    /** The end of one read from the backend: a good moment to flush what was forwarded. */
    void backendReadComplete();

    /** The backend connection's outbound buffer crossed a water mark. */
    void backendWritabilityChanged(boolean writable);

    /** The backend connection closed. */
    void backendClosed();
}
