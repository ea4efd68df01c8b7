package io.cutover.router.testing;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** What a handler under test wrote to its embedded channel. */
public final class Outbound {

    private Outbound() {
    }

    /** The bytes written so far and not read yet, as ISO-8859-1 text; they are released. */
    public static String text(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            out.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return out.toString();
    }
}
