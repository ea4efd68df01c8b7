package io.cutover.router.pool;

/**
 * A new connection was not used: the instance at its address did not answer as the one the route table
 * names. Nothing was sent on it, so the request may go to another instance.
 */
public final class IdentityMismatchException extends Exception {

    IdentityMismatchException(String message) {
        super(message, null, false, false);
    }
}
