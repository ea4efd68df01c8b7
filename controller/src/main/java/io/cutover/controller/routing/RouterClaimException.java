package io.cutover.controller.routing;

/**
 * A router call refused because the router id belongs to another token: a second router claiming a live
 * router's id (409), or a heartbeat or acknowledgement for a router connected with another token (401).
 */
public final class RouterClaimException extends RuntimeException {

    private final int status;

    RouterClaimException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the API answers: 401 or 409. */
    public int status() {
        return status;
    }
}
