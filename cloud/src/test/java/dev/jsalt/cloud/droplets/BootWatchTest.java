package dev.jsalt.cloud.droplets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many droplets of one run waited for with one poll loop, against the stand-in (which records every exchange). */
class BootWatchTest {
    private static final String TOKEN = "dop_v1_" + "fedcba9876543210".repeat(4);
    private DropletStandIn standIn;
    private final ExecutorService waiters = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        waiters.shutdownNow();
        if (standIn != null) standIn.close();
    }

    private DigitalOcean client() {
        return new DigitalOcean(standIn.url(), ApiToken.of(TOKEN, "test"),
                new DigitalOcean.Retry(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(5)),
                d -> Thread.sleep(d.toMillis()), 20);
    }

    private static DropletRequest request(String name) {
        return new DropletRequest(name, "fra1", "s-1vcpu-1gb", "debian-12-x64", List.of(), false, false, false, List.of("jsalt"), null, null);
    }

    @Test
    void twelveBootingDropletsCostAboutTwoCallsARoundNotTwelve() throws Exception {
        DropletStandIn.Booter slow = DropletStandIn.addressesAfter(Duration.ofMillis(600));
        standIn = new DropletStandIn(TOKEN, slow);
        DigitalOcean dc = client();
        List<DigitalOcean.Creation> made = new ArrayList<>();
        for (int i = 1; i <= 12; i++) made.add(dc.create(request("w" + i)));
        int before = standIn.exchanges().size();
        List<Future<Droplet>> up = new ArrayList<>();
        try (BootWatch watch = new BootWatch(dc, "jsalt", Duration.ofMillis(50))) {
            for (DigitalOcean.Creation c : made) {
                up.add(waiters.submit(() -> watch.awaitActive(c.droplet().id(), c.actionId(), Duration.ofSeconds(30))));
            }
            for (Future<Droplet> f : up) assertTrue(f.get().active());
        }
        var during = standIn.exchanges().subList(before, standIn.exchanges().size());
        long lists = during.stream().filter(x -> x.method().equals("GET") && x.path().equals("/v2/droplets")).count();
        long actions = during.stream().filter(x -> x.path().startsWith("/v2/actions/")).count();
        long singles = during.stream().filter(x -> x.path().matches("/v2/droplets/[0-9]+")).count();
        assertTrue(lists >= 1, "the tag was listed");
        assertTrue(actions <= lists, "at most one create action asked after per round: " + actions + " for " + lists + " rounds");
        assertEquals(0, singles, "every droplet was in the list: none asked for by id");
    }

    @Test
    void aCreateThatErroredFailsItsWaitAndOnlyItsWait() throws Exception {
        Map<String, Boolean> fail = new ConcurrentHashMap<>(Map.of("bad1", true));
        DropletStandIn.Booter fine = DropletStandIn.addressesAfter(Duration.ofMillis(200));
        standIn = new DropletStandIn(TOKEN, d -> {
            if (fail.containsKey(d.name())) throw new IllegalStateException("no capacity");
            return fine.boot(d);
        });
        DigitalOcean dc = client();
        DigitalOcean.Creation good = dc.create(request("good1"));
        DigitalOcean.Creation bad = dc.create(request("bad1"));
        try (BootWatch watch = new BootWatch(dc, "jsalt", Duration.ofMillis(50))) {
            Future<Droplet> g = waiters.submit(() -> watch.awaitActive(good.droplet().id(), good.actionId(), Duration.ofSeconds(30)));
            Future<Droplet> b = waiters.submit(() -> watch.awaitActive(bad.droplet().id(), bad.actionId(), Duration.ofSeconds(30)));
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class, b::get);
            assertTrue(e.getCause() instanceof DoException && e.getCause().getMessage().contains("errored"), String.valueOf(e.getCause()));
            assertTrue(g.get().active());
        }
    }

    @Test
    void aDropletDeletedWhileBootingEndsItsWait() throws Exception {
        standIn = new DropletStandIn(TOKEN, DropletStandIn.addressesAfter(Duration.ofSeconds(20)));
        DigitalOcean dc = client();
        DigitalOcean.Creation c = dc.create(request("gone1"));
        try (BootWatch watch = new BootWatch(dc, "jsalt", Duration.ofMillis(50))) {
            Future<Droplet> w = waiters.submit(() -> watch.awaitActive(c.droplet().id(), 0, Duration.ofSeconds(30)));
            Thread.sleep(200);
            dc.deleteDroplet(c.droplet().id());
            var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> w.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("disappeared"), e.getCause().getMessage());
        }
    }
}
