package dev.jsalt.cloud.dns;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The HTTP part both DNS providers' clients share (Cloudflare, DigitalOcean domains): one JSON request, sent again
 * after a rate limit (HTTP 429: after the wait the API names, capped by {@code maxWait}, else 1 s doubling) and, for
 * a read ({@code GET}) only, after a server error (5xx) or no answer, with jitter. A change is never sent twice: it may
 * have been carried out. What the answer means is the client's business; this returns it whatever its status.
 */
final class ApiCall {
    /** The final answer and how many attempts it took. */
    record Answer(HttpResponse<String> response, int attempts) {
        int status() { return response.statusCode(); }

        String body() { return response.body(); }

        /** The suffix a failure message carries when retries were spent on it. */
        String gaveUp(String method) {
            if (status() == 429) return " (rate limited; gave up after " + attempts + " attempts)";
            return status() / 100 == 5 && method.equals("GET") ? " (gave up after " + attempts + " attempts)" : "";
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration maxWait;
    private final CloudflareClient.Sleeper sleeper;
    private final Consumer<HttpRequest.Builder> auth;
    private final Function<HttpResponse<?>, Optional<Duration>> rateLimitWait;
    /** Makes the client's exception from a message (without the provider's prefix), and its cause if any. */
    private final java.util.function.BiFunction<String, Throwable, RuntimeException> failure;

    ApiCall(URI base, HttpClient http, Duration timeout, int maxRetries, Duration maxWait, CloudflareClient.Sleeper sleeper,
            Consumer<HttpRequest.Builder> auth, Function<HttpResponse<?>, Optional<Duration>> rateLimitWait,
            java.util.function.BiFunction<String, Throwable, RuntimeException> failure) {
        this.base = base;
        this.http = http;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.maxWait = maxWait;
        this.sleeper = sleeper;
        this.auth = auth;
        this.rateLimitWait = rateLimitWait;
        this.failure = failure;
    }

    /** {@code base} without a trailing slash; an http(s) URL or an error naming {@code api_url}. */
    static URI base(URI base) {
        String b = base.toString();
        URI u = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        if (!"https".equals(u.getScheme()) && !"http".equals(u.getScheme())) {
            throw new IllegalArgumentException("api_url must be an http(s) URL, got " + base);
        }
        return u;
    }

    Answer send(String method, String path, String query, String jsonBody) {
        URI uri = URI.create(base + path + (query == null ? "" : "?" + query));
        String what = method + " " + path;
        boolean read = method.equals("GET");
        Duration backoff = Duration.ofSeconds(1);
        for (int attempt = 1; ; attempt++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
            auth.accept(b);
            if (jsonBody != null) {
                b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            boolean retriesLeft = attempt <= maxRetries;
            HttpResponse<String> rsp;
            try {
                rsp = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                if (read && retriesLeft) {
                    backoff = pause(backoff, jitter(backoff), what);
                    continue;
                }
                throw failure.apply("cannot reach " + base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "") + " for " + what
                        + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw failure.apply("interrupted during " + what, null);
            }
            int status = rsp.statusCode();
            if (status == 429 && retriesLeft) {
                Duration wait = rateLimitWait.apply(rsp).orElse(backoff);
                backoff = pause(backoff, wait.compareTo(maxWait) > 0 ? maxWait : wait, what);
                continue;
            }
            if (status / 100 == 5 && read && retriesLeft) {
                backoff = pause(backoff, jitter(backoff), what);
                continue;
            }
            return new Answer(rsp, attempt);
        }
    }

    /** Waits {@code wait} and returns the next back-off (doubled). */
    private Duration pause(Duration backoff, Duration wait, String what) {
        try {
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure.apply("interrupted while retrying " + what, null);
        }
        return backoff.multipliedBy(2);
    }

    /** {@code d} plus up to half of it again, so clients that failed together do not retry together. */
    private static Duration jitter(Duration d) {
        return d.plusMillis(ThreadLocalRandom.current().nextLong(d.toMillis() / 2 + 1));
    }

    /** The standard {@code Retry-After}: seconds or an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> rsp) {
        Optional<String> h = rsp.headers().firstValue("Retry-After");
        if (h.isEmpty()) return Optional.empty();
        String v = h.get().strip();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime t = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(t.getZone()), t);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException e2) {
                return Optional.empty();
            }
        }
    }
}
