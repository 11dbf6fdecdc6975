package dev.jsalt.cloud.droplets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Waits for the droplets of one run to come up with one poll loop for all of them. Each round lists the run's tag (one
 * call per page) and asks after the create action of one droplet still booting, in turn, so that a create that
 * {@code errored} is reported without waiting out its timeout. A map of 20 droplets thus costs the API about two calls
 * a round, not forty: polling each droplet on its own would pass DigitalOcean's 250 requests a minute.
 *
 * <p>A droplet the list does not show (DigitalOcean's lists can lag a create) is asked for by id; only a 404 there
 * means it is gone.
 */
final class BootWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BootWatch.class);

    private record Waiting(long id, long action, Duration timeout, long deadlineNanos, CompletableFuture<Droplet> up) {
    }

    private final DigitalOcean dc;
    private final String tag;
    private final Map<Long, Waiting> waiting = new ConcurrentHashMap<>();
    private final ScheduledExecutorService rounds;
    private int turn;

    BootWatch(DigitalOcean dc, String tag, Duration interval) {
        this.dc = dc;
        this.tag = tag;
        this.rounds = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jsalt-cloud-boot-watch");
            t.setDaemon(true);
            return t;
        });
        rounds.scheduleWithFixedDelay(this::round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The droplet once it is {@code active} with its public address. Throws {@link DoException} when its create action
     * errored, it disappeared, or it is not up after {@code timeout}.
     *
     * @param createAction the id of its create action, 0 if unknown (then only its status is watched)
     */
    Droplet awaitActive(long id, long createAction, Duration timeout) throws InterruptedException {
        Waiting w = new Waiting(id, createAction, timeout, System.nanoTime() + timeout.toNanos(), new CompletableFuture<>());
        waiting.put(id, w);
        try {
            return w.up().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.remove(id);
        }
    }

    private void round() {
        if (waiting.isEmpty()) return;
        try {
            Map<Long, Droplet> listed = new HashMap<>();
            for (Droplet d : dc.listDroplets(tag)) listed.put(d.id(), d);
            List<Waiting> booting = new ArrayList<>();
            for (Waiting w : waiting.values()) {
                Droplet d = listed.get(w.id());
                if (d == null) {
                    Optional<Droplet> one = dc.getDroplet(w.id());
                    if (one.isEmpty()) {
                        w.up().completeExceptionally(new DoException("droplet " + w.id() + " disappeared while booting", 404, "not_found"));
                        continue;
                    }
                    d = one.get();
                }
                if (d.active() && d.publicIpv4() != null) {
                    w.up().complete(d);
                } else if (System.nanoTime() > w.deadlineNanos()) {
                    w.up().completeExceptionally(new DoException("droplet " + d.name() + " (" + w.id() + ") is still " + d.status()
                            + " after " + w.timeout().toSeconds() + " s", 0, null));
                } else if (w.action() != 0) {
                    booting.add(w);
                }
            }
            if (!booting.isEmpty()) {
                Waiting w = booting.get(Math.floorMod(turn++, booting.size()));
                if ("errored".equals(dc.action(w.action()).path("status").asText())) {
                    w.up().completeExceptionally(new DoException("droplet " + w.id() + ": its create action " + w.action()
                            + " errored; DigitalOcean did not bring it up", 0, null));
                }
            }
        } catch (RuntimeException e) {
            // The client already retried what it may; the next round asks again, and each droplet's own deadline ends its wait.
            log.warn("cloud: watching {} booting droplet(s): {}", waiting.size(), e.getMessage());
            long now = System.nanoTime();
            for (Waiting w : waiting.values()) {
                if (now > w.deadlineNanos()) {
                    w.up().completeExceptionally(new DoException("droplet " + w.id() + " is not active after " + w.timeout().toSeconds()
                            + " s (the last poll failed: " + e.getMessage() + ")", 0, null));
                }
            }
        }
    }

    @Override
    public void close() {
        rounds.shutdownNow();
        for (Waiting w : waiting.values()) w.up().completeExceptionally(new IllegalStateException("the run ended"));
    }
}
