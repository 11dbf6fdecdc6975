package dev.jsalt.master.api.ui;

import dev.jsalt.master.api.ApiServer;
import dev.jsalt.master.api.Routes;
import dev.jsalt.master.it.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's login, session cookie and CSRF rule on a real ApiServer on loopback (routes stubbed: what is under
 * test is who gets through to them).
 */
class DashboardSessionTest {
    private static final String TOKEN = "a".repeat(64);
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private ApiServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        int port = FreePorts.free();
        server = new ApiServer("127.0.0.1", port, TOKEN, new EchoRoutes());
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Answers every call with its method: a 200 means the request was let through. */
    private static final class EchoRoutes implements Routes {
        @Override
        public boolean streams(Call call) { return false; }

        @Override
        public Object handle(Call call) { return Map.of("method", call.method(), "path", call.path()); }

        @Override
        public void stream(Call call, Stream out) { }
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder to(String path) { return HttpRequest.newBuilder(URI.create(base + path)); }

    private HttpResponse<String> login(String token) throws Exception {
        return send(to("/ui/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
    }

    /** The cookie header a browser would send back after this login. */
    private String loggedIn() throws Exception {
        HttpResponse<String> r = login(TOKEN);
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        return set.substring(0, set.indexOf(';'));
    }

    private String csrf(String cookie) throws Exception {
        HttpResponse<String> r = send(to("/ui/session").header("Cookie", cookie));
        assertEquals(200, r.statusCode(), r.body());
        Matcher m = Pattern.compile("\"csrf\":\"([0-9a-f]{64})\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    @Test
    void theTokenBuysAnHttpOnlyStrictCookieAndTheDashboard() throws Exception {
        HttpResponse<String> r = login(TOKEN);
        assertEquals(303, r.statusCode());
        assertEquals("/ui/", r.headers().firstValue("Location").orElseThrow());
        String set = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(set.startsWith(UiAuth.COOKIE + "="), set);
        for (String attr : new String[]{"HTTPOnly", "SameSite=Strict", "Path=/"}) {
            assertTrue(set.toLowerCase().contains(attr.toLowerCase()), attr + " in " + set);
        }
        assertFalse(set.toLowerCase().contains("secure"), "plain HTTP on loopback: " + set);
        assertFalse(set.contains(TOKEN), "the cookie is a session id, never the token");

        String cookie = set.substring(0, set.indexOf(';'));
        HttpResponse<String> page = send(to("/ui/").header("Cookie", cookie));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/ui/app.js"), page.body());
    }

    @Test
    void underTlsTheCookieGoesOverHttpsOnly() {
        UiAuth tls = new UiAuth(new UiSessions(), true);
        String set = tls.cookieFor(tls.sessions().create());
        assertTrue(set.contains("; Secure") && set.contains("SameSite=Strict") && set.contains("HTTPOnly"), set);
        assertTrue(tls.clearingCookie().contains("Max-Age=0") && tls.clearingCookie().contains("; Secure"), tls.clearingCookie());
    }

    @Test
    void aWrongTokenIsRefusedWithTheLoginPageAndNoCookie() throws Exception {
        HttpResponse<String> r = login("b".repeat(64));
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
        assertTrue(r.body().contains("id=\"login-error\""), r.body());
        assertEquals(401, login("").statusCode());
    }

    @Test
    void theReadOnlyMetricsTokenCannotLogIn() throws Exception {
        server.close();
        int port = FreePorts.free();
        String metrics = "m".repeat(32);
        server = new ApiServer("127.0.0.1", port, TOKEN, metrics, new EchoRoutes(), null,
                dev.jsalt.master.config.MasterConfig.Limits.defaults(), (what, e) -> { });
        base = "http://127.0.0.1:" + port;
        HttpResponse<String> r = login(metrics);
        assertEquals(401, r.statusCode());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
    }

    @Test
    void withoutASessionTheDashboardSendsToLoginAndTheApiRefuses() throws Exception {
        HttpResponse<String> page = send(to("/ui/"));
        assertEquals(303, page.statusCode());
        assertEquals("/ui/login", page.headers().firstValue("Location").orElseThrow());
        assertEquals(401, send(to("/v1/keys")).statusCode());
        assertEquals(401, send(to("/v1/keys").header("Cookie", UiAuth.COOKIE + "=" + "c".repeat(64))).statusCode());
        assertEquals(401, send(to("/ui/session").header("Cookie", UiAuth.COOKIE + "=nope")).statusCode());
    }

    @Test
    void theCookieReadsButEveryChangeNeedsTheSessionsCsrfToken() throws Exception {
        String cookie = loggedIn();
        assertEquals(200, send(to("/v1/keys").header("Cookie", cookie)).statusCode());

        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{\"ids\":[\"web1\"]}");
        HttpResponse<String> bare = send(to("/v1/keys/delete").header("Cookie", cookie).POST(body));
        assertEquals(403, bare.statusCode());
        assertTrue(bare.body().contains("X-CSRF-Token"), bare.body());
        assertEquals(403, send(to("/v1/keys/delete").header("Cookie", cookie).header(UiAuth.CSRF_HEADER, "d".repeat(64))
                .POST(body)).statusCode());
        // Another session's CSRF token is no good either: it is bound to its session.
        String other = csrf(loggedIn());
        assertEquals(403, send(to("/v1/keys/delete").header("Cookie", cookie).header(UiAuth.CSRF_HEADER, other)
                .POST(body)).statusCode());

        HttpResponse<String> ok = send(to("/v1/keys/delete").header("Cookie", cookie).header(UiAuth.CSRF_HEADER, csrf(cookie)).POST(body));
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("\"method\":\"POST\""), ok.body());
    }

    @Test
    void aStrangerCannotMakeTheMasterBufferMoreThanALogin() throws Exception {
        HttpResponse<String> big = send(to("/ui/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + "x".repeat(UiHandler.MAX_BODY))));
        assertEquals(413, big.statusCode());
        // No declared length (chunked): refused from the head too.
        HttpResponse<String> chunked = send(to("/ui/login").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(("token=" + TOKEN).getBytes()))));
        assertEquals(413, chunked.statusCode());
        assertEquals(413, send(to("/ui/logout").POST(HttpRequest.BodyPublishers.ofString("y".repeat(UiHandler.MAX_BODY + 1)))).statusCode());
    }

    @Test
    void theBearerTokenPathIsAsItWas() throws Exception {
        HttpResponse<String> r = send(to("/v1/keys/accept").header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}")));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(401, send(to("/v1/keys").header("Authorization", "Bearer " + "e".repeat(64))).statusCode());
    }

    @Test
    void logoutNeedsTheCsrfTokenAndEndsTheSession() throws Exception {
        String cookie = loggedIn();
        assertEquals(403, send(to("/ui/logout").header("Cookie", cookie).POST(HttpRequest.BodyPublishers.noBody())).statusCode());
        HttpResponse<String> out = send(to("/ui/logout").header("Cookie", cookie).header(UiAuth.CSRF_HEADER, csrf(cookie))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, out.statusCode(), out.body());
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"), out.headers().toString());
        assertEquals(401, send(to("/v1/keys").header("Cookie", cookie)).statusCode());
    }

    @Test
    void aLoginPostedFromAnotherSiteIsRefused() throws Exception {
        HttpResponse<String> r = send(to("/ui/login").header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
        assertEquals(403, r.statusCode());
        assertTrue(r.headers().firstValue("Set-Cookie").isEmpty());
        HttpResponse<String> same = send(to("/ui/login").header("Origin", base)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
        assertEquals(303, same.statusCode());
    }

    @Test
    void pagesAndAnswersCarryTheSecurityHeaders() throws Exception {
        String cookie = loggedIn();
        for (String path : new String[]{"/ui/login", "/ui/app.js", "/ui/app.css", "/ui/", "/v1/keys"}) {
            HttpResponse<String> r = send(to(path).header("Cookie", cookie));
            assertEquals(200, r.statusCode(), path);
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), path + ": " + csp);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        }
        assertTrue(send(to("/ui/app.js")).headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        assertEquals(404, send(to("/ui/nothing.js")).statusCode());
        assertEquals(303, send(to("/")).statusCode());
    }

    /** docs/api.md's table of /ui routes names only routes that are served. */
    @Test
    void everyDocumentedDashboardRouteIsServed() throws Exception {
        Pattern row = Pattern.compile("^\\| (`/[^|]*) \\| (GET|POST) \\|");
        Pattern path = Pattern.compile("`(/[^`]*)`");
        int checked = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("..", "docs", "api.md"))) {
            Matcher r = row.matcher(line);
            if (!r.find()) continue;
            Matcher p = path.matcher(r.group(1));
            while (p.find()) {
                String cookie = loggedIn();
                HttpRequest.Builder b = to(p.group(1)).header("Cookie", cookie).header(UiAuth.CSRF_HEADER, csrf(cookie));
                HttpResponse<String> res = send(r.group(2).equals("GET") ? b : b.header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("token=" + TOKEN)));
                assertTrue(res.statusCode() == 200 || res.statusCode() == 303, line + " -> " + res.statusCode());
                checked++;
            }
        }
        assertEquals(10, checked, "rows of docs/api.md's /ui table");
    }

    @Test
    void noPageHoldsInlineScriptOrAThirdPartyAddress() throws Exception {
        for (String path : new String[]{"/ui/login", "/ui/app.js", "/ui/app.css"}) {
            String body = send(to(path)).body();
            assertFalse(body.matches("(?s).*https?://.*"), path + " names another origin");
        }
        String cookie = loggedIn();
        String index = send(to("/ui/").header("Cookie", cookie)).body();
        assertFalse(index.matches("(?s).*<script>.*|.*\\son[a-z]+=.*|.*style=.*"), "inline script, handler or style in index.html");
        assertNotNull(index);
    }
}
