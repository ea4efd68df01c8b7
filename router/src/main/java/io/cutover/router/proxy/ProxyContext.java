package io.cutover.router.proxy;

import io.cutover.router.pool.ConnectionPools;
import io.cutover.router.table.LiveTable;

/**
 * What every connection of one listener shares.
 *
 * @param secure whether the listener is the TLS one: its requests reach instances with
 *     {@code X-Forwarded-Proto: https}
 */
record ProxyContext(LiveTable table, ConnectionPools pools, ProxySettings settings, ProxyCounters counters,
        AddressText addresses, boolean secure) {
}
