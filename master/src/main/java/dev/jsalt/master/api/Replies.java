package dev.jsalt.master.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.util.Map;

/** One whole HTTP answer, written the same way by the API's gate, its routes and the dashboard's pages. */
public final class Replies {
    /** No inline script or style, nothing from another origin, never inside a frame (docs/dashboard.md). */
    public static final String CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

    private Replies() {
    }

    /** Writes the answer; without keep-alive the connection is closed once it is out. */
    public static void send(ChannelHandlerContext ctx, HttpResponseStatus status, CharSequence contentType, byte[] body,
                            Map<String, String> headers, boolean keepAlive) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        securityHeaders(res);
        headers.forEach((k, v) -> res.headers().set(k, v));
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** How long a refused request's connection stays open to take in what the client still sends. */
    private static final long LINGER_MILLIS = 2_000;

    /**
     * Writes a refusal of a request whose body was not read (too large, not authorised, malformed) and closes the
     * connection gracefully: the answer and a FIN go out, what the client still sends is discarded by the caller, and
     * the connection closes when the client closes its side or after {@link #LINGER_MILLIS}. Closing at once would leave
     * the unread body in the socket, and the kernel would answer it with a reset that can destroy the answer before
     * the client reads it (RFC 9112, 9.6: a server should not close both halves while the client may still send).
     */
    public static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, CharSequence contentType, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        securityHeaders(res);
        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(res).addListener((ChannelFutureListener) f -> {
            if (!(f.channel() instanceof io.netty.channel.socket.DuplexChannel d) || !f.isSuccess()) {
                f.channel().close();
                return;
            }
            d.shutdownOutput();
            d.eventLoop().schedule(() -> d.close(), LINGER_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        });
    }

    /**
     * On every answer of the listener: the dashboard reads the JSON API from its pages, so those answers must not be
     * sniffed, framed or cached either.
     */
    public static void securityHeaders(HttpResponse res) {
        res.headers().set("Content-Security-Policy", CSP);
        res.headers().set("X-Content-Type-Options", "nosniff");
        res.headers().set("X-Frame-Options", "DENY");
        // Not no-referrer: under it a browser sends "Origin: null" with the login form, which the login must refuse.
        res.headers().set("Referrer-Policy", "same-origin");
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    }
}
