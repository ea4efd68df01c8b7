/**
 * HTTP message plumbing the proxy and the backend pools share: {@link io.cutover.router.http.FlatHeaders},
 * the header store both HTTP decoders build messages with.
 */
package io.cutover.router.http;
