package dev.jsalt.bench;

import dev.jsalt.cli.ApiClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's clients that ask for runaway compiles, over and over: {@code POST /v1/show} of {@code bomb} (a YAML alias
 * bomb) and of {@code chain0} (includes 80 deep), both written by {@link Workloads}. Each must be refused by its compile
 * bound (400 naming it) and never hold the master: an answer of any other kind is counted as lost.
 */
final class RunawayCompiles implements AutoCloseable {
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
            String sls = i % 2 == 0 ? "bomb" : "chain0";
            Thread t = new Thread(() -> loop(sls), "runaway-compile-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void loop(String sls) {
        ApiClient api = ApiClient.forConfigDir(lab.masterDir());
        while (running) {
            try {
                api.post("/v1/show", Map.of("target", minion, "sls", List.of(sls)));
                other.incrementAndGet();
                lastOther = sls + " compiled";
            } catch (ApiClient.ApiException e) {
                String m = String.valueOf(e.getMessage());
                if (m.contains("1000000") || m.contains("nested more than")) {
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
