package dev.threadline.problem;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection the server ends in stages, as RFC 9112 §9.6 asks: its own side first (after every byte of the
 * answer), reading and dropping whatever still arrives, then all of it once the client has closed too, or after
 * {@link #LINGER}. A 414 or 431 ends the connection while the client may still be sending its request body; closed at
 * once, the server's kernel answers those bytes with a reset, and a client that had not read the answer yet lost it
 * and saw the connection end with no answer at all.
 */
final class StagedConnectionClose extends ChannelDuplexHandler {

    /** How long the client has to read the answer and close its side. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private boolean closing;

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (closing || !(ctx.channel() instanceof DuplexChannel channel) || !channel.isActive() || channel.isOutputShutdown()) {
            ctx.close(promise);
            return;
        }
        closing = true;
        // Written after what is queued, so the answer goes out before the FIN.
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> channel.shutdownOutput());
        ctx.executor().schedule(() -> ctx.close(promise), LINGER.toMillis(), TimeUnit.MILLISECONDS);
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!closing) {
            ctx.fireChannelRead(message);
            return;
        }
        // The client closing its side closes the channel (half-closure is off); until then, its bytes are dropped.
        ReferenceCountUtil.release(message);
        ctx.read();
    }
}
