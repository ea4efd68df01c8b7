package io.cutover.router.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * TLS connections made with the JDK's client, trusting one test CA, with the SNI host name (or none) and
 * the protocols a test asks for, independent of the address connected to.
 */
public final class TlsClient {

    private final X509Certificate ca;

    /** A client trusting {@code ca}; each connection it makes starts a new session (no resumption). */
    public TlsClient(X509Certificate ca) {
        this.ca = ca;
    }

    /** A context trusting the CA, with a session cache of its own. */
    public SSLContext context() {
        try {
            SSLContext context;
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A handshaken connection to {@code address} naming {@code sni} (none when null), offering TLS 1.2 and 1.3. */
    public SSLSocket connect(InetSocketAddress address, @Nullable String sni) {
        return connect(address, sni, "TLSv1.3", "TLSv1.2");
    }

    /** A handshaken connection offering only {@code protocols}; the handshake's failure is thrown as it is. */
    public SSLSocket connect(InetSocketAddress address, @Nullable String sni, String... protocols) {
        return connect(context(), address, sni, protocols);
    }

    /** A handshaken connection made with {@code context}, whose session cache may resume an earlier session. */
    public static SSLSocket connect(SSLContext context, InetSocketAddress address, @Nullable String sni, String... protocols) {
        try {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            parameters.setProtocols(protocols);
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The serial number of the certificate the server sent on {@code socket}. */
    public static BigInteger serial(SSLSocket socket) {
        try {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
