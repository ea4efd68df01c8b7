/**
 * TLS on the controller's API: the PEM certificate and key given with {@code --tls-cert} and
 * {@code --tls-key}, served over HTTPS only (TLS 1.2 and 1.3), and reloaded when the files change without
 * a restart and without dropping open connections ({@code docs/cli.md}, "TLS on the API").
 *
 * <p>{@link io.cutover.controller.api.tls.TlsFiles} names the pair, {@link io.cutover.controller.api.tls.ApiTls}
 * serves it; {@link io.cutover.core.tls.PemMaterial} reads and checks a pair; a pair that cannot be used (a half-written
 * rotation, a key of another certificate) is refused and the one in use kept.
 */
package io.cutover.controller.api.tls;
