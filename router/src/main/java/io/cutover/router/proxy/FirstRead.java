package io.cutover.router.proxy;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Asks for a new connection's first bytes (auto-read is off), then leaves: the handlers before it (the SNI
 * reader, the TLS handshake, the preface detector) ask for more themselves until they are done.
 */
@Sharable
final class FirstRead extends ChannelInboundHandlerAdapter {

    static final FirstRead INSTANCE = new FirstRead();

    private FirstRead() {
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.fireChannelActive();
        ctx.read();
        ctx.pipeline().remove(this);
    }
}
