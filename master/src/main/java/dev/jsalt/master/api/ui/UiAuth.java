package dev.jsalt.master.api.ui;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;

import java.util.Optional;
import java.util.Set;

/**
 * The cookie side of the API's authentication: a request without a bearer token may present the dashboard's session
 * cookie instead. A request that changes anything must also carry the session's CSRF token in {@link #CSRF_HEADER}; the
 * SameSite=Strict cookie already keeps other sites' requests from carrying it, and the header is the second lock.
 */
public final class UiAuth {
    public static final String COOKIE = "jsalt_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** Why a cookie-authenticated request is refused: the status and the one line of its answer. */
    public record Refusal(HttpResponseStatus status, String error) {
    }

    static final Refusal NO_SESSION = new Refusal(HttpResponseStatus.UNAUTHORIZED, "missing or wrong API token");
    static final Refusal NO_CSRF = new Refusal(HttpResponseStatus.FORBIDDEN,
            "missing or wrong " + CSRF_HEADER + " header (a dashboard session must send it with every change)");

    private final UiSessions sessions;
    private final boolean secure;

    /** @param secure true when the API runs TLS: the cookie then goes over HTTPS only */
    public UiAuth(UiSessions sessions, boolean secure) {
        this.sessions = sessions;
        this.secure = secure;
    }

    public UiSessions sessions() { return sessions; }

    /** The live session the request's cookie names, if any. */
    public Optional<UiSessions.Session> session(HttpRequest req) {
        String header = req.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) return Optional.empty();
        for (Cookie c : ServerCookieDecoder.STRICT.decodeAll(header)) {
            if (c.name().equals(COOKIE)) return sessions.find(c.value());
        }
        return Optional.empty();
    }

    /** Null if the session cookie lets this request through; else why not. */
    public Refusal refusal(HttpRequest req) {
        Optional<UiSessions.Session> s = session(req);
        if (s.isEmpty()) return NO_SESSION;
        if (SAFE_METHODS.contains(req.method().name())) return null;
        return UiSessions.csrfMatches(s.get(), req.headers().get(CSRF_HEADER)) ? null : NO_CSRF;
    }

    /** The Set-Cookie value that logs this browser in. No Max-Age: the cookie dies with the browser session too. */
    public String cookieFor(UiSessions.Session s) { return encode(s.id(), Long.MIN_VALUE); }

    /** The Set-Cookie value that makes the browser forget its session. */
    public String clearingCookie() { return encode("", 0); }

    private String encode(String value, long maxAge) {
        DefaultCookie c = new DefaultCookie(COOKIE, value);
        c.setHttpOnly(true);
        c.setSecure(secure);
        c.setPath("/");
        c.setSameSite(CookieHeaderNames.SameSite.Strict);
        c.setMaxAge(maxAge);
        return ServerCookieEncoder.STRICT.encode(c);
    }
}
