package io.cutover.controller.routing;

/** One open watch stream of a router process ({@link RoutingHub#open}). */
public final class RouterConnection {

    private final RemoteSession session;

    RouterConnection(RemoteSession session) {
        this.session = session;
    }

    RemoteSession session() {
        return session;
    }

    /** Blocks until the stream ends (the router went away, or it was replaced or lost), pinging it meanwhile. */
    public void awaitEnd() throws InterruptedException {
        while (!session.terminated()) {
            session.ping();
            for (int i = 0; i < 50 && !session.terminated(); i++) {
                Thread.sleep(100);
            }
        }
    }
}
