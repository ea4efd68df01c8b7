package io.cutover.router.table;

/**
 * A table or delta of an older term than the one the router follows: a leader that was deposed sent it
 * (frozen, partitioned, then back). The router keeps its table and looks for the current leader.
 */
public final class StaleTermException extends IllegalStateException {

    public StaleTermException(String message) {
        super(message);
    }
}
