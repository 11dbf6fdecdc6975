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
