package io.cutover.controller.store;

/**
 * A write refused because this controller does not lead (any more): a follower, or a leader whose term
 * another controller has replaced. Nothing of the transaction was written.
 */
public final class NotLeadingException extends RuntimeException {

    public NotLeadingException(String message) {
        super(message);
    }
}
