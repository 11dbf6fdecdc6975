package dev.jsalt.master.api;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jsalt.common.json.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The control plane: HTTP/JSON on Netty, every request authenticated with the bearer token before routing.
 * Streaming responses are chunked NDJSON (one JSON document per line), readable with curl as well as the CLI.
 * Handlers run on a small worker pool, never on the event loop.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(1);
    private final ExecutorService handlers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "jsalt-api");
        t.setDaemon(true);
        return t;
    });
    private final Channel channel;

    public ApiServer(String bind, int port, String token, Routes routes) throws InterruptedException {
        this(bind, port, token, routes, null);
    }

    /** @param tls null for plain HTTP (loopback only, see MasterConfig#apiTls) */
    public ApiServer(String bind, int port, String token, Routes routes, io.netty.handler.ssl.SslContext tls) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                // A restarted master must get its port back at once, also while connections it closed sit in TIME_WAIT.
                .option(io.netty.channel.ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), new Handler(token, routes));
                    }
                });
        channel = b.bind(bind, port).sync().channel();
        log.info("API listening on {}://{}:{}", tls == null ? "http" : "https", bind, port);
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final String token;
        private final Routes routes;

        Handler(String token, Routes routes) {
            this.token = token;
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
            if (auth == null || !auth.startsWith("Bearer ") || !ApiToken.matches(token, auth.substring(7).strip())) {
                respond(ctx, HttpResponseStatus.UNAUTHORIZED, Map.of("error", "missing or wrong API token"), false);
                return;
            }
            QueryStringDecoder qs = new QueryStringDecoder(req.uri());
            Map<String, String> query = new HashMap<>();
            qs.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
            Map<String, Object> body;
            try {
                String text = req.content().toString(StandardCharsets.UTF_8);
                body = text.isBlank() ? Map.of() : Json.mapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {
                });
                if (body == null) throw new IllegalArgumentException("null"); // the JSON text "null"
            } catch (Exception e) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, Map.of("error", "request body is not a JSON object"), keepAlive);
                return;
            }
            Routes.Call call = new Routes.Call(req.method().name(), qs.path(), query, body);
            handlers.execute(() -> dispatch(ctx, call, keepAlive));
        }

        private void dispatch(ChannelHandlerContext ctx, Routes.Call call, boolean keepAlive) {
            try {
                if (routes.streams(call)) {
                    stream(ctx, call);
                } else {
                    respond(ctx, HttpResponseStatus.OK, routes.handle(call), keepAlive);
                }
            } catch (ApiError e) {
                respond(ctx, HttpResponseStatus.valueOf(e.status()), Map.of("error", e.getMessage()), keepAlive);
            } catch (dev.jsalt.master.compile.CompileException | dev.jsalt.common.config.ConfigException e) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, Map.of("error", String.valueOf(e.getMessage())), keepAlive);
            } catch (IllegalArgumentException e) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, Map.of("error", String.valueOf(e.getMessage())), keepAlive);
            } catch (RuntimeException e) {
                log.error("API {} {} failed", call.method(), call.path(), e);
                respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", "internal error: " + e), keepAlive);
            }
        }

        /**
         * The 200 head goes out with the first line (or when the route returns): a route that refuses the call before
         * writing anything throws, and {@link #dispatch} answers with the status, as for plain calls. A refusal after
         * that can only be the stream's last line.
         */
        private void stream(ChannelHandlerContext ctx, Routes.Call call) {
            StreamOut out = new StreamOut(ctx);
            try {
                routes.stream(call, out);
            } catch (RuntimeException e) {
                if (out.abandonUnstarted()) throw e;
                log.warn("API {} {} failed mid-stream", call.method(), call.path(), e);
                out.accept(Map.of("event", "error", "error", String.valueOf(e.getMessage())));
                out.close();
                return;
            }
            out.begin();
        }

        private void respond(ChannelHandlerContext ctx, HttpResponseStatus status, Object value, boolean keepAlive) {
            byte[] body = (Json.string(value) + "\n").getBytes(StandardCharsets.UTF_8);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("API connection error: {}", cause.toString());
            ctx.close();
        }
    }

    /** NDJSON lines on one chunked response, its head written lazily (see Handler#stream). */
    private static final class StreamOut implements Routes.Stream {
        private final ChannelHandlerContext ctx;
        private boolean started;
        private boolean closed;

        StreamOut(ChannelHandlerContext ctx) { this.ctx = ctx; }

        synchronized void begin() {
            if (started || closed) return;
            started = true;
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            head.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/x-ndjson");
            HttpUtil.setTransferEncodingChunked(head, true);
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(head);
        }

        /** True (and nothing will be written) if no line went out yet: the caller answers with an error status. */
        synchronized boolean abandonUnstarted() {
            if (started) return false;
            closed = true;
            return true;
        }

        @Override
        public synchronized void accept(Object value) {
            if (closed) return;
            begin();
            ByteBuf buf = Unpooled.copiedBuffer(Json.string(value) + "\n", StandardCharsets.UTF_8);
            ctx.writeAndFlush(new DefaultHttpContent(buf));
        }

        @Override
        public void onClose(Runnable r) {
            ctx.channel().closeFuture().addListener(f -> r.run());
        }

        @Override
        public synchronized void close() {
            if (closed) return;
            begin();
            closed = true;
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        handlers.shutdownNow();
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
