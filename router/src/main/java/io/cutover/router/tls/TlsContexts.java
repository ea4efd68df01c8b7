package io.cutover.router.tls;

import io.cutover.core.tls.PemMaterial;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * Server TLS contexts for the router's listener: TLS 1.3 and 1.2 only, the cipher suites HTTP/2 allows
 * (ECDHE with AES-GCM or ChaCha20-Poly1305: forward secrecy, AEAD), ALPN offering {@code h2} then
 * {@code http/1.1}, and a session cache for resumption (TLS 1.3 tickets and 1.2 session ids).
 *
 * <p>BoringSSL through {@code netty-tcnative} when its native library loads (linux-x86_64), as
 * reference-counted contexts that {@link SniCertificates} releases once they are swapped out; the JDK's
 * provider otherwise, whose contexts need no release.
 */
public final class TlsContexts {

    /** The protocols served, newest first. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private static final long SESSION_CACHE_SIZE = 20_480;
    private static final long SESSION_TIMEOUT_SECONDS = 300;

    private TlsContexts() {
    }

    /** The provider contexts are made with: {@code OPENSSL_REFCNT} when BoringSSL loads, else {@code JDK}. */
    public static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL_REFCNT : SslProvider.JDK;
    }

    /** The provider, as the router's log and docs name it: {@code BoringSSL} or {@code JDK}. */
    public static String providerName() {
        return OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK " + Runtime.version().feature();
    }

    /**
     * A server context for a certificate chain and its key.
     *
     * @throws SSLException if the provider cannot use them
     */
    public static SslContext server(PemMaterial material) throws SSLException {
        return SslContextBuilder.forServer(material.key(), material.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider())
                .protocols(PROTOCOLS)
                .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                .applicationProtocolConfig(new ApplicationProtocolConfig(Protocol.ALPN,
                        SelectorFailureBehavior.NO_ADVERTISE, SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT_SECONDS)
                .build();
    }
}
