package io.cutover.router.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.io.IOException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a TLS handshake is done, sets up the protocol the client and the router agreed on by ALPN: HTTP/2
 * for {@code h2}, HTTP/1.1 for {@code http/1.1} or a client that offered nothing. A failed handshake closes
 * the connection.
 */
final class AlpnSwitch extends ApplicationProtocolNegotiationHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AlpnSwitch.class);

    private final ProxyContext context;
    /** The handshake's failure was counted (its exception follows the failure event). */
    private boolean failed;

    AlpnSwitch(ProxyContext context) {
        super(ApplicationProtocolNames.HTTP_1_1);
        this.context = context;
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            Http2Frontend.configure(ctx.pipeline(), context);
        } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
            FrontendInitializer.http1(ctx.pipeline(), context);
        } else {
            ctx.close(); // not one the router offered
        }
    }

    @Override
    protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
        failed = true;
        context.counters().tlsHandshakeFailed();
        LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (causedBySsl(cause)) {
            // Not TLS at all (plain HTTP to the TLS port), a ClientHello the SNI reader cannot take, or no
            // certificate to serve yet.
            if (!failed) {
                failed = true;
                context.counters().tlsHandshakeFailed();
            }
            ctx.close();
            return;
        }
        if (cause instanceof IOException) {
            ctx.close();
            return;
        }
        super.exceptionCaught(ctx, cause);
    }

    /** Whether an SSLException is the cause, within the few wrappings Netty's SNI lookup adds. */
    private static boolean causedBySsl(Throwable cause) {
        Throwable next = cause;
        for (int depth = 0; next != null && depth < 4; depth++, next = next.getCause()) {
            if (next instanceof SSLException) {
                return true;
            }
        }
        return false;
    }
}
