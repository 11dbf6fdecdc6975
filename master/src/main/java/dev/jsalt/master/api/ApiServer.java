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
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
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
import dev.jsalt.master.api.ui.UiAssets;
import dev.jsalt.master.api.ui.UiAuth;
import dev.jsalt.master.api.ui.UiHandler;
import dev.jsalt.master.api.ui.UiSessions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The control plane: HTTP/JSON on Netty, every request authenticated with the bearer token before routing.
 * Streaming responses are chunked NDJSON (one JSON document per line), readable with curl as well as the CLI.
 * Handlers run on a small worker pool, never on the event loop.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(1);
    /** Quick calls: keys, minions, jobs, publishing (never a compile). */
    private final java.util.concurrent.ThreadPoolExecutor handlers;
    /** Compiles (apply, show, orchestrate): slow by nature, kept off the threads that serve everything else. */
    private final java.util.concurrent.ThreadPoolExecutor compiles;
    private final Channel channel;
    private final String token;
    private final String metricsToken;
    /** The dashboard's sessions: the cookie that stands in for the bearer token (docs/dashboard.md). */
    private final UiAuth ui;
    private final int maxBody;
    private final long compileTimeoutMillis;
    private final java.util.function.BiConsumer<String, Throwable> onFatal;
    private volatile Throwable fatal;

    public ApiServer(String bind, int port, String token, Routes routes) throws InterruptedException {
        this(bind, port, token, routes, null);
    }

    public ApiServer(String bind, int port, String token, Routes routes, io.netty.handler.ssl.SslContext tls) throws InterruptedException {
        this(bind, port, token, routes, tls, dev.jsalt.master.config.MasterConfig.Limits.defaults(), (c, e) -> { });
    }

    /** @param tls null for plain HTTP (loopback only, see MasterConfig#apiTls) */
    public ApiServer(String bind, int port, String token, Routes routes, io.netty.handler.ssl.SslContext tls,
                     dev.jsalt.master.config.MasterConfig.Limits limits, java.util.function.BiConsumer<String, Throwable> onFatal)
            throws InterruptedException {
        this(bind, port, token, null, routes, tls, limits, onFatal);
    }

    /**
     * @param metricsToken null, or a read-only token that grants {@code GET /metrics} and nothing else
     *                     ({@code api.metrics_token_file})
     */
    public ApiServer(String bind, int port, String token, String metricsToken, Routes routes, io.netty.handler.ssl.SslContext tls,
                     dev.jsalt.master.config.MasterConfig.Limits limits, java.util.function.BiConsumer<String, Throwable> onFatal)
            throws InterruptedException {
        this.token = token;
        this.metricsToken = metricsToken;
        this.maxBody = limits.maxApiBody();
        this.compileTimeoutMillis = 600_000;
        this.onFatal = onFatal;
        this.ui = new UiAuth(new UiSessions(), tls != null);
        UiAssets assets = new UiAssets();
        this.handlers = pool("jsalt-api", limits.apiWorkers(), 1000, false);
        this.compiles = pool("jsalt-compile", limits.compileWorkers(), 4 * limits.compileWorkers(), true);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                // A restarted master must get its port back at once, also while connections it closed sit in TIME_WAIT.
                .option(io.netty.channel.ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        // The token is checked on the request's head, before its body is read: a stranger cannot make the
                        // master buffer anything. The aggregator answers 413 to a declared length over the limit at once.
                        ch.pipeline().addLast(new HttpServerCodec(8192, 16384, 65536), new Gate(maxBody),
                                new HttpObjectAggregator(maxBody), new UiHandler(token, ui, assets), new Handler(routes));
                    }
                });
        channel = b.bind(bind, port).sync().channel();
        log.info("API listening on {}://{}:{}", tls == null ? "http" : "https", bind, port);
    }

    /** @param low its threads run at a lower CPU priority ({@link LowPriority}) */
    static java.util.concurrent.ThreadPoolExecutor pool(String name, int threads, int queue, boolean low) {
        return new java.util.concurrent.ThreadPoolExecutor(threads, threads, 60, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.ArrayBlockingQueue<>(queue), r -> {
            Thread t = new Thread(low ? LowPriority.lowered(r) : r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** API calls waiting for a worker: on the compile lane ({@code compile}) or the one for everything else. */
    public int waiting(boolean compile) { return (compile ? compiles : handlers).getQueue().size(); }

    /** API calls a worker of that lane is handling now. */
    public int running(boolean compile) { return (compile ? compiles : handlers).getActiveCount(); }

    /** "up", or why the API is not serving. */
    public String state() {
        if (fatal != null) return "down: " + fatal;
        if (!channel.isOpen()) return "down: listening socket closed";
        return "up";
    }

    /** The one path the read-only metrics token opens. */
    public static final String METRICS_PATH = "/metrics";

    private static final UiAuth.Refusal NO_TOKEN = new UiAuth.Refusal(HttpResponseStatus.UNAUTHORIZED, "missing or wrong API token");
    private static final UiAuth.Refusal METRICS_ONLY = new UiAuth.Refusal(HttpResponseStatus.FORBIDDEN,
            "the metrics token grants GET " + METRICS_PATH + " only");

    /**
     * Null if the request's token lets it through; else why not: 401 without a token this master knows, 403 for the
     * metrics token on anything but {@code GET /metrics}. Without a bearer token, the dashboard's session cookie may
     * stand in (403 for a change without the session's CSRF token); the dashboard's own pages are left to UiHandler.
     */
    private UiAuth.Refusal refusal(io.netty.handler.codec.http.HttpRequest req) {
        String path = new QueryStringDecoder(req.uri()).path();
        if (UiHandler.owns(path)) return null;
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String presented = auth != null && auth.startsWith("Bearer ") ? auth.substring(7).strip() : null;
        if (presented == null) return ui.refusal(req);
        if (ApiToken.matches(token, presented)) return null;
        if (metricsToken == null || !ApiToken.matches(metricsToken, presented)) return NO_TOKEN;
        boolean metrics = req.method().name().equals("GET") && path.equals(METRICS_PATH);
        return metrics ? null : METRICS_ONLY;
    }

    /**
     * Before any body is read: a request without the right token is answered 401 and its connection closed; a body
     * declared larger than the limit is answered 413; {@code GET /v1/health} is answered right here, so no queue of slow
     * calls can hold it up.
     */
    private final class Gate extends io.netty.channel.ChannelInboundHandlerAdapter {
        private final int maxBody;
        private boolean discarding;

        Gate(int maxBody) {
            this.maxBody = maxBody;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http.HttpRequest req) {
                discarding = false;
                if (!req.decoderResult().isSuccess()) {
                    discard(ctx, msg, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
                    return;
                }
                UiAuth.Refusal refused = refusal(req);
                if (refused != null) {
                    discard(ctx, msg, refused.status(), refused.error());
                    return;
                }
                if (UiHandler.bodyTooLarge(req)) {
                    discard(ctx, msg, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                            "a dashboard request carries at most " + UiHandler.MAX_BODY + " bytes, with its length declared");
                    return;
                }
                if (HttpUtil.getContentLength(req, -1L) > maxBody) {
                    discard(ctx, msg, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                            "request body over limits.max_api_body_kb (" + (maxBody >> 10) + " KB)");
                    return;
                }
                if (req.method().name().equals("GET") && new QueryStringDecoder(req.uri()).path().equals("/v1/health")) {
                    discard(ctx, msg, null, null);
                    Map<String, Object> h = health();
                    boolean ok = Boolean.TRUE.equals(h.get("ok"));
                    write(ctx, ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, h, HttpUtil.isKeepAlive(req));
                    return;
                }
            } else if (discarding) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        private void discard(ChannelHandlerContext ctx, Object msg, HttpResponseStatus status, String error) {
            io.netty.util.ReferenceCountUtil.release(msg);
            discarding = true;
            if (status != null) {
                Replies.refuse(ctx, status, HttpHeaderValues.APPLICATION_JSON,
                        (Json.string(Map.of("error", error)) + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("API connection error: {}", cause.toString());
            ctx.close();
        }
    }

    private Routes healthRoutes;

    private Map<String, Object> health() {
        if (healthRoutes instanceof MasterRoutes mr) return mr.health();
        return Map.of("ok", state().equals("up"));
    }

    private static void write(ChannelHandlerContext ctx, HttpResponseStatus status, Object value, boolean keepAlive) {
        Replies.send(ctx, status, HttpHeaderValues.APPLICATION_JSON, (Json.string(value) + "\n").getBytes(StandardCharsets.UTF_8),
                Map.of(), keepAlive);
    }

    /**
     * A request body as the routes see it: a JSON object (blank is the empty object). Anything else is an
     * IllegalArgumentException, answered 400.
     */
    public static Map<String, Object> parseBody(String text) {
        if (text.isBlank()) return Map.of();
        Map<String, Object> body;
        try {
            body = Json.mapper().readValue(text, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (Exception e) {
            throw new IllegalArgumentException("request body is not a JSON object");
        }
        if (body == null) throw new IllegalArgumentException("request body is not a JSON object"); // the JSON text "null"
        return body;
    }

    /**
     * The status a route's exception is answered with: 4xx for what the caller sent (or asked for) and can fix, 503/507
     * for what the master cannot do now, 500 for everything else, which is a bug (the API fuzz target looks for those).
     */
    public static int statusOf(RuntimeException e) {
        if (e instanceof ApiError a) return a.status();
        if (e instanceof dev.jsalt.master.jobs.JobCache.NoSpaceException) return 507;
        if (e instanceof dev.jsalt.master.compile.CompileControl.Cancelled) return 503;
        if (e instanceof dev.jsalt.master.compile.CompileException || e instanceof dev.jsalt.common.config.ConfigException
                || e instanceof IllegalArgumentException) return 400;
        return 500;
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Routes routes;

        Handler(Routes routes) {
            this.routes = routes;
            healthRoutes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            UiAuth.Refusal refused = refusal(req);
            if (refused != null) {
                respond(ctx, refused.status(), Map.of("error", refused.error()), false);
                return;
            }
            QueryStringDecoder qs = new QueryStringDecoder(req.uri());
            Map<String, String> query = new HashMap<>();
            qs.parameters().forEach((k, v) -> query.put(k, v.isEmpty() ? "" : v.get(0)));
            Map<String, Object> body;
            try {
                body = parseBody(req.content().toString(StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                respond(ctx, HttpResponseStatus.BAD_REQUEST, Map.of("error", e.getMessage()), keepAlive);
                return;
            }
            Routes.Call call = new Routes.Call(req.method().name(), qs.path(), query, body);
            boolean compile = routes.compiles(call);
            java.util.concurrent.ThreadPoolExecutor lane = compile ? compiles : handlers;
            // A compile can be cancelled: by its client going away, or by its deadline. The render layer checks it.
            dev.jsalt.master.compile.CompileControl control = compile
                    ? new dev.jsalt.master.compile.CompileControl(compileTimeoutMillis) : null;
            if (control != null) ctx.channel().closeFuture().addListener(f -> control.cancel("the client went away"));
            try {
                lane.execute(() -> {
                    if (control == null) {
                        dispatch(ctx, call, keepAlive);
                    } else {
                        dev.jsalt.master.compile.CompileControl.runWith(control, () -> dispatch(ctx, call, keepAlive));
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error", compile
                        ? "the master is busy compiling (" + compiles.getMaximumPoolSize() + " compiles running and "
                        + compiles.getQueue().size() + " waiting; limits.compile_workers): try again shortly"
                        : "the master is busy: too many API calls waiting; try again shortly"), false);
            }
        }

        private void dispatch(ChannelHandlerContext ctx, Routes.Call call, boolean keepAlive) {
            if (!ctx.channel().isActive()) return; // its client is gone: nothing to do for it
            try {
                dev.jsalt.master.Faults.check("api");
                if (routes.streams(call)) {
                    stream(ctx, call);
                } else {
                    respond(ctx, HttpResponseStatus.OK, routes.handle(call), keepAlive);
                }
            } catch (RuntimeException e) {
                int status = statusOf(e);
                if (status == 500) {
                    log.error("API {} {} failed", call.method(), call.path(), e);
                    respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", "internal error: " + e), keepAlive);
                } else {
                    if (e instanceof dev.jsalt.master.compile.CompileControl.Cancelled) {
                        log.info("API {} {}: compile stopped: {}", call.method(), call.path(), e.getMessage());
                    }
                    respond(ctx, HttpResponseStatus.valueOf(status), Map.of("error", String.valueOf(e.getMessage())), keepAlive);
                }
            } catch (StackOverflowError e) {
                log.error("API {} {} failed", call.method(), call.path(), e);
                respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", "internal error: " + e), keepAlive);
            } catch (Error e) {
                respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, Map.of("error", "internal error: " + e), false);
                fatal = e;
                onFatal.accept("api", e);
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
            if (value instanceof Routes.Text t) {
                Replies.send(ctx, status, t.contentType(), t.body(), Map.of(), keepAlive);
            } else {
                write(ctx, status, value, keepAlive);
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
            Replies.securityHeaders(head);
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
        channel.close().awaitUninterruptibly(5, java.util.concurrent.TimeUnit.SECONDS);
        handlers.shutdownNow();
        compiles.shutdownNow();
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
