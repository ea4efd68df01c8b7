package io.cutover.router.pool;

import io.cutover.router.table.Backend;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFutureListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP/2 connections of one event loop to its h2c instances: usually one per instance, another only
 * when the first has as many streams open as the instance allows (or is going away). Used only from its
 * event loop.
 */
final class Http2Connections {

    private final Bootstrap bootstrap;
    private final long identityTimeoutMillis;
    private final long idleTimeoutMillis;
    private final Map<Backend, List<Http2Parent>> byBackend = new HashMap<>();

    Http2Connections(Bootstrap bootstrap, long identityTimeoutMillis, long idleTimeoutMillis) {
        this.bootstrap = bootstrap;
        this.identityTimeoutMillis = identityTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    /** Opens a stream for {@code stream}'s exchange, on a connection that takes one or on a new one. */
    void open(BackendConnection stream, ChannelFutureListener whenConnected) {
        Backend backend = stream.backend();
        List<Http2Parent> parents = byBackend.computeIfAbsent(backend, b -> new ArrayList<>(1));
        for (int i = 0; i < parents.size(); i++) {
            Http2Parent parent = parents.get(i);
            if (parent.takesStreams()) {
                parent.stream(stream, whenConnected);
                return;
            }
        }
        Http2Parent fresh = new Http2Parent(this, backend);
        parents.add(fresh);
        fresh.connect(bootstrap, identityTimeoutMillis, idleTimeoutMillis, BackendInitializer.Limits.MAX_HEADER_SIZE);
        fresh.stream(stream, whenConnected);
    }

    /** Forgets a connection that takes no more streams. */
    void remove(Http2Parent parent) {
        List<Http2Parent> parents = byBackend.get(parent.backend());
        if (parents != null) {
            parents.remove(parent);
            if (parents.isEmpty()) {
                byBackend.remove(parent.backend());
            }
        }
    }

    /** Closes every connection; their open streams are cut. */
    void closeAll() {
        List<Http2Parent> all = new ArrayList<>();
        byBackend.values().forEach(all::addAll);
        byBackend.clear();
        all.forEach(Http2Parent::close);
    }
}
