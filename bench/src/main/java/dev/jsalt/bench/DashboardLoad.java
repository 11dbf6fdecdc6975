package dev.jsalt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a browser with the dashboard open asks of the master (issue 21, docs/dashboard.md), from the bench process: a
 * login and its session cookie, the jobs page's list refreshed (every second here, ten times as often as the page),
 * state runs started with the session's CSRF token, and a job page following each one's event stream to its end.
 */
final class DashboardLoad implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;
    private final String cookie;
    private final String csrf;
    private final Thread poller;
    private final AtomicInteger polls = new AtomicInteger();
    private final AtomicInteger pollErrors = new AtomicInteger();

    private DashboardLoad(String base, String cookie, String csrf) {
        this.base = base;
        this.cookie = cookie;
        this.csrf = csrf;
        this.poller = new Thread(this::pollJobs, "bench-dashboard-jobs");
        poller.setDaemon(true);
    }

    /** Logs in as the login form does, and starts refreshing the jobs page. */
    static DashboardLoad open(int apiPort, Path masterDir) throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + apiPort;
        String token = Files.readString(masterDir.resolve("root/api.token")).strip();
        HttpClient c = HttpClient.newHttpClient();
        HttpResponse<String> login = c.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
        String set = login.headers().firstValue("Set-Cookie")
                .orElseThrow(() -> new IllegalStateException("dashboard login refused: " + login.statusCode()));
        String cookie = set.substring(0, set.indexOf(';'));
        HttpResponse<String> session = c.send(HttpRequest.newBuilder(URI.create(base + "/ui/session")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        DashboardLoad d = new DashboardLoad(base, cookie, Json.mapper().readTree(session.body()).path("csrf").asText());
        d.poller.start();
        return d;
    }

    private HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).timeout(Duration.ofSeconds(120));
    }

    private void pollJobs() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                HttpResponse<Void> r = http.send(to("/v1/jobs?limit=200").build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 200) pollErrors.incrementAndGet();
                polls.incrementAndGet();
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                pollErrors.incrementAndGet();
            }
        }
    }

    /** The fleet page's data (every minion with its grains): milliseconds and bytes. */
    double[] fleet() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(to("/v1/minions").build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) throw new IllegalStateException("GET /v1/minions with the session: " + r.statusCode());
        return new double[]{(System.nanoTime() - t0) / 1e6, r.body().length};
    }

    /** Starts {@code fun} on {@code target} as the dashboard's forms do (cookie, CSRF token, async), and returns its jid. */
    String start(String target, String fun) throws IOException, InterruptedException {
        String body = Json.string(java.util.Map.of("target", target, "fun", fun, "async", true, "user", "bench-dashboard"));
        HttpResponse<String> r = http.send(to("/v1/jobs").header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("POST /v1/jobs with the session: " + r.statusCode() + " " + r.body());
        return Json.mapper().readTree(r.body()).path("jid").asText();
    }

    /** The job page: the job's view, then its events until {@code done}; returns how many minions returned. */
    int follow(String jid) throws IOException, InterruptedException {
        http.send(to("/v1/jobs/" + jid).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<InputStream> r = http.send(to("/v1/jobs/" + jid + "/events").build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode e = Json.mapper().readTree(line);
                if (!"done".equals(e.path("event").asText())) continue;
                int returned = 0;
                for (JsonNode res : e.path("results")) if ("RETURNED".equals(res.path("status").asText())) returned++;
                return returned;
            }
        }
        throw new IllegalStateException("job " + jid + ": its event stream ended without 'done'");
    }

    int polls() { return polls.get(); }

    int pollErrors() { return pollErrors.get(); }

    @Override
    public void close() {
        poller.interrupt();
    }
}
