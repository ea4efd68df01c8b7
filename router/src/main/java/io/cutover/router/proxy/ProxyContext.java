package io.cutover.router.proxy;

import io.cutover.router.pool.ConnectionPools;
import io.cutover.router.table.LiveTable;

/** What every connection of one router shares. */
record ProxyContext(LiveTable table, ConnectionPools pools, ProxySettings settings, ProxyCounters counters,
        AddressText addresses) {
}
