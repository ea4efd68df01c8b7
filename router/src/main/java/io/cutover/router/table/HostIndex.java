package io.cutover.router.table;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An immutable map from a host (or a wildcard's suffix) to its routes, longest path prefix first. It is
 * split into shards by hash, so a change copies only the shards it touches: applying one route of a
 * 10,000-route table copies one shard of about 40 hosts, not the whole map.
 */
final class HostIndex {

    private static final int SHARDS = 256;

    static final HostIndex EMPTY = new HostIndex(emptyShards(), 0);

    private final Map<String, Route[]>[] shards;
    private final int size;

    private HostIndex(Map<String, Route[]>[] shards, int size) {
        this.shards = shards;
        this.size = size;
    }

    /** The routes of a host, or null. */
    Route @Nullable [] get(String host) {
        return shards[shard(host)].get(host);
    }

    /** Whether no host has routes. */
    boolean isEmpty() {
        return size == 0;
    }

    /** How many hosts have routes. */
    int size() {
        return size;
    }

    /**
     * This index with some hosts' routes replaced.
     *
     * @param changes the new routes per host; an empty array removes the host
     */
    HostIndex with(Map<String, Route[]> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        Map<String, Route[]>[] next = shards.clone();
        boolean[] copied = new boolean[SHARDS];
        int count = size;
        for (Map.Entry<String, Route[]> change : changes.entrySet()) {
            int s = shard(change.getKey());
            if (!copied[s]) {
                next[s] = new HashMap<>(shards[s]);
                copied[s] = true;
            }
            Route[] routes = change.getValue();
            Route[] old = routes.length == 0 ? next[s].remove(change.getKey()) : next[s].put(change.getKey(), routes);
            count += (old == null ? 0 : -1) + (routes.length == 0 ? 0 : 1);
        }
        return new HostIndex(next, count);
    }

    private static int shard(String host) {
        int h = host.hashCode();
        return (h ^ (h >>> 16)) & (SHARDS - 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Route[]>[] emptyShards() {
        Map<String, Route[]>[] shards = new Map[SHARDS];
        java.util.Arrays.fill(shards, Map.of());
        return shards;
    }
}
