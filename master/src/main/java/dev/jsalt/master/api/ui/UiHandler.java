package dev.jsalt.master.api.ui;

import dev.jsalt.common.json.Json;
import dev.jsalt.master.api.ApiToken;
import dev.jsalt.master.api.Replies;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Serves {@code /ui/…} (and sends {@code /} there): the dashboard's files, and its login, logout and session calls.
 * Everything here is quick and in memory, so it runs on the network thread. The JSON API itself stays where it is;
 * the dashboard calls it with its cookie (see {@link UiAuth}).
 */
public final class UiHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UiHandler.class);
    private static final String LOGIN_ERROR_MARK = "<!--login-error-->";
    private static final String LOGIN_ERROR = "<p class=\"error\" role=\"alert\" id=\"login-error\">That token is not this master's API token.</p>";

    private final String token;
    private final UiAuth auth;
    private final UiAssets assets;
    private final RefusedLogins refused = new RefusedLogins();

    public UiHandler(String token, UiAuth auth, UiAssets assets) {
        this.token = token;
        this.auth = auth;
        this.assets = assets;
    }

    /** True for the paths this handler answers; the API's token check leaves them to it. */
    public static boolean owns(String path) { return path.equals("/") || path.equals("/ui") || path.startsWith("/ui/"); }

    /** A login form is a few dozen bytes; nothing else here has a body. */
    public static final int MAX_BODY = 4096;

    /**
     * These paths are open to strangers, so they must not make the master buffer more than a login's worth: a body
     * over {@link #MAX_BODY}, or one whose length is not declared (chunked), is refused from the request's head.
     */
    public static boolean bodyTooLarge(io.netty.handler.codec.http.HttpRequest req) {
        if (!owns(new QueryStringDecoder(req.uri()).path())) return false;
        return HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > MAX_BODY;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest req) || !owns(new QueryStringDecoder(req.uri()).path())) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            Reply r = answer(req, ctx.channel().remoteAddress());
            send(ctx, r, HttpUtil.isKeepAlive(req));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A response: status, content type and body, and headers of its own (Location, Set-Cookie). */
    record Reply(HttpResponseStatus status, String contentType, byte[] body, Map<String, String> headers) {
        static Reply json(HttpResponseStatus status, Object value) {
            return new Reply(status, "application/json", (Json.string(value) + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
        }

        static Reply redirect(String to, Map<String, String> more) {
            Map<String, String> h = new LinkedHashMap<>(more);
            h.put("Location", to);
            return new Reply(HttpResponseStatus.SEE_OTHER, "text/plain; charset=utf-8", new byte[0], h);
        }
    }

    private Reply answer(FullHttpRequest req, java.net.SocketAddress peer) {
        String path = new QueryStringDecoder(req.uri()).path();
        String method = req.method().name();
        boolean get = method.equals("GET") || method.equals("HEAD");
        if (get && (path.equals("/") || path.equals("/ui"))) return Reply.redirect("/ui/", Map.of());
        if (get && path.equals("/ui/")) {
            return auth.session(req).isPresent() ? asset("index.html") : Reply.redirect("/ui/login", Map.of());
        }
        if (get && path.equals("/ui/login")) return loginPage(HttpResponseStatus.OK, false);
        if (method.equals("POST") && path.equals("/ui/login")) return login(req, peer);
        if (method.equals("POST") && path.equals("/ui/logout")) return logout(req);
        if (get && path.equals("/ui/session")) {
            Optional<UiSessions.Session> s = auth.session(req);
            if (s.isEmpty()) return Reply.json(HttpResponseStatus.UNAUTHORIZED, Map.of("error", UiAuth.NO_SESSION.error()));
            return Reply.json(HttpResponseStatus.OK, Map.of("csrf", s.get().csrf(), "idle_timeout_seconds", UiSessions.IDLE_MILLIS / 1000));
        }
        String name = path.substring("/ui/".length());
        if (get && !name.equals("index.html") && !name.equals("login.html") && assets.get(name).isPresent()) return asset(name);
        return Reply.json(HttpResponseStatus.NOT_FOUND, Map.of("error", "no route " + method + " " + path));
    }

    private Reply login(FullHttpRequest req, java.net.SocketAddress peer) {
        if (!sameOrigin(req)) {
            return Reply.json(HttpResponseStatus.FORBIDDEN, Map.of("error", "login from another origin refused"));
        }
        String body = req.content().toString(StandardCharsets.UTF_8);
        List<String> presented = new QueryStringDecoder(body, StandardCharsets.UTF_8, false).parameters().get("token");
        if (presented == null || presented.size() != 1 || !ApiToken.matches(token, presented.get(0).strip())) {
            refused.record(peer);
            return loginPage(HttpResponseStatus.UNAUTHORIZED, true);
        }
        UiSessions.Session s = auth.sessions().create();
        log.info("dashboard login (from {})", peer);
        return Reply.redirect("/ui/", Map.of("Set-Cookie", auth.cookieFor(s)));
    }

    /**
     * Wrong tokens are reported at most once a minute, with a count: a line per attempt would let anyone who can
     * reach the port fill the master's log.
     */
    private static final class RefusedLogins {
        private long count;
        private long lastReport;

        synchronized void record(java.net.SocketAddress peer) {
            count++;
            long now = System.currentTimeMillis();
            if (now - lastReport < 60_000) return;
            log.warn("dashboard: {} login(s) with a wrong token refused since the last report (latest from {})", count, peer);
            count = 0;
            lastReport = now;
        }
    }

    private Reply logout(FullHttpRequest req) {
        UiAuth.Refusal refused = auth.refusal(req);
        if (refused != null) return Reply.json(refused.status(), Map.of("error", refused.error()));
        auth.session(req).ifPresent(s -> auth.sessions().end(s.id()));
        return new Reply(HttpResponseStatus.OK, "application/json", "{\"ok\":true}\n".getBytes(StandardCharsets.UTF_8),
                Map.of("Set-Cookie", auth.clearingCookie()));
    }

    /**
     * A login form posted from another site would log the browser into that site's choice of master session (login
     * CSRF): a browser names the page's origin, and it must be this host. No Origin header (curl, old browsers) passes.
     */
    static boolean sameOrigin(FullHttpRequest req) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) return true;
        String host = req.headers().get(HttpHeaderNames.HOST);
        try {
            URI o = URI.create(origin);
            return host != null && o.getRawAuthority() != null && o.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Reply loginPage(HttpResponseStatus status, boolean failed) {
        UiAssets.Asset page = assets.get("login.html").orElseThrow();
        String html = new String(page.body(), StandardCharsets.UTF_8).replace(LOGIN_ERROR_MARK, failed ? LOGIN_ERROR : "");
        return new Reply(status, page.contentType(), html.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private Reply asset(String name) {
        UiAssets.Asset a = assets.get(name).orElseThrow();
        return new Reply(HttpResponseStatus.OK, a.contentType(), a.body(), Map.of());
    }

    private static void send(ChannelHandlerContext ctx, Reply r, boolean keepAlive) {
        Replies.send(ctx, r.status(), r.contentType(), r.body(), r.headers(), keepAlive);
    }
}
