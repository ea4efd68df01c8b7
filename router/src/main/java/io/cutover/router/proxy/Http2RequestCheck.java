package io.cutover.router.proxy;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil.ExtensionHeaderNames;
import java.util.List;

/**
 * What an HTTP/2 request must pass before the proxy sees it, beyond what the HTTP/2 codec checks: the
 * {@code x-http2-*} headers the conversion adds (and any a client sent under those names) are removed, so
 * they never reach an instance; a {@code host} header that differs from {@code :authority} is refused as
 * {@code host-mismatch}, two different ones as {@code duplicate-host} (RFC 9113 §8.3.1: the authority
 * wins, and a request naming two hosts is malformed).
 */
@Sharable
final class Http2RequestCheck extends ChannelInboundHandlerAdapter {

    static final Http2RequestCheck INSTANCE = new Http2RequestCheck();

    private Http2RequestCheck() {
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            HttpHeaders headers = request.headers();
            for (ExtensionHeaderNames name : ExtensionHeaderNames.values()) {
                headers.remove(name.text());
            }
            List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
            if (hosts.size() > 1) {
                // The conversion adds :authority as a host header after the one the client sent.
                boolean same = hosts.stream().allMatch(h -> h.equalsIgnoreCase(hosts.getFirst()));
                if (same) {
                    headers.set(HttpHeaderNames.HOST, hosts.getFirst());
                } else {
                    request.setDecoderResult(DecoderResult.failure(
                            hosts.size() == 2 ? RequestCodec.Refused.HOST_MISMATCH : RequestCodec.Refused.HOSTS));
                }
            }
        }
        ctx.fireChannelRead(msg);
    }
}
