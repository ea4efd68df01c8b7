/**
 * TLS on the router's listener: the certificates of {@code --tls-dir} ({@link io.cutover.router.tls.TlsDirectory}),
 * chosen per connection by SNI ({@link io.cutover.router.tls.SniCertificates} over a
 * {@link io.cutover.router.tls.CertificateSet}), made into contexts by {@link io.cutover.router.tls.TlsContexts}.
 */
package io.cutover.router.tls;
