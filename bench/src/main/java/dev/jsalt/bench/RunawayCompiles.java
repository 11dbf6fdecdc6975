package dev.jsalt.bench;

import dev.jsalt.cli.ApiClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's clients that ask for runaway compiles, over and over: {@code POST /v1/show} of {@code bomb} (a YAML alias
 * bomb), {@code chain0} (includes 80 deep) and {@code loop} (a Jinja loop of 10^10 iterations), all written by
 * {@link Workloads}; client i asks for the (i mod 3)th. Each must be refused by its compile bound (400 naming it) and
 * never hold the master: an answer of any other kind is counted as lost.
 */
final class RunawayCompiles implements AutoCloseable {
    /** Each runaway SLS and the words of the error that shows its own bound refused it. */
    private static final List<Map.Entry<String, String>> RUNAWAY = List.of(Map.entry("bomb", "1000000"),
            Map.entry("chain0", "nested more than"), Map.entry("loop", "limit exceeded: max loop iterations"));

    private final BenchLab lab;
    private final int clients;
    private final String minion;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    final AtomicLong refused = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    volatile String lastOther;

    RunawayCompiles(BenchLab lab, int clients, String minion) {
        this.lab = lab;
        this.clients = clients;
        this.minion = minion;
    }

    void start() {
        for (int i = 0; i < clients; i++) {
            Map.Entry<String, String> runaway = RUNAWAY.get(i % RUNAWAY.size());
            Thread t = new Thread(() -> loop(runaway.getKey(), runaway.getValue()), "runaway-compile-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(String sls, String refusal) {
        ApiClient api = ApiClient.forConfigDir(lab.masterDir());
        while (running) {
            try {
                api.post("/v1/show", Map.of("target", minion, "sls", List.of(sls)));
                other.incrementAndGet();
                lastOther = sls + " compiled";
            } catch (ApiClient.ApiException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains(refusal)) {
                    refused.incrementAndGet();
                } else {
                    other.incrementAndGet();
                    lastOther = m;
                }
            } catch (RuntimeException e) {
                other.incrementAndGet();
                lastOther = e.toString();
            }
        }
    }

    /** Stops asking; waits for the calls in flight to be answered. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) t.join(60_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
