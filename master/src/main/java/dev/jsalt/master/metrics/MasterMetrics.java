package dev.jsalt.master.metrics;

import dev.jsalt.common.catalog.Catalog;
import dev.jsalt.master.jobs.JobRecord;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The master's Prometheus metrics (docs/metrics.md lists each one), in a registry of its own, written in the text
 * format by the official client library for {@code GET /metrics}.
 *
 * <p>Counters and histograms are updated where their events already happen (a job starts, a result arrives, a compile
 * ends); the few gauges read an in-memory count when scraped. Nothing here walks the job cache. Every label has a
 * bounded set of values: function names and state modules come from the catalog (anything else is {@code other}), and
 * no metric is labelled per job. The per-minion gauges ({@link #withMinions}) carry a {@code minion} label for at most
 * {@code max} minions (the first by id; {@code jsalt_minion_series_omitted} counts the rest), so a scrape's size is
 * bounded whatever the fleet's.
 */
public final class MasterMetrics {
    /** The label value for a function or state module the catalog does not name. */
    public static final String OTHER = "other";
    /** The function of the job that records an orchestration run (answered by {@code @master}). */
    private static final String ORCHESTRATE = "orchestrate";

    private final PrometheusRegistry registry;
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Set<String> functions;
    private final Set<String> stateModules;

    private final Counter jobsStarted;
    private final Counter jobsFinished;
    private final Gauge jobsRunning;
    private final Histogram jobDuration;
    private final Counter minionResults;
    private final Histogram compileSeconds;
    private final Counter compileErrors;
    private final Counter stateResults;
    private final Counter reactorRuns;
    private final Counter minionConnects;
    private final Counter minionDisconnects;
    private final Histogram handshakeSeconds;
    private final Counter driftChecks;
    private final dev.jsalt.master.drift.MinionRuns runs = new dev.jsalt.master.drift.MinionRuns();

    /** Metrics in a registry of their own, without JVM figures or fleet gauges (those are added by the daemon). */
    public MasterMetrics() {
        this(new PrometheusRegistry());
    }

    public MasterMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        Catalog catalog = Catalog.standard();
        Set<String> f = new TreeSet<>(catalog.executionFunctions());
        f.add(ORCHESTRATE);
        this.functions = Set.copyOf(f);
        this.stateModules = Set.copyOf(catalog.declaredModules());

        jobsStarted = Counter.builder().name("jsalt_jobs_started_total")
                .help("Jobs published (one per run of a function on a target), by function")
                .labelNames("function").register(registry);
        jobsFinished = Counter.builder().name("jsalt_jobs_finished_total")
                .help("Jobs finished, by function and outcome: ok (every minion returned success), failed (one or more "
                        + "returned a failure), incomplete (none failed, one or more never returned)")
                .labelNames("function", "outcome").register(registry);
        jobsRunning = Gauge.builder().name("jsalt_jobs_running")
                .help("Jobs started and not finished yet").register(registry);
        jobDuration = Histogram.builder().name("jsalt_job_duration_seconds").unit(Unit.SECONDS)
                .help("Time from a job's start to its end (every minion answered, or the timeout), by function")
                .labelNames("function")
                .classicOnly().classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)
                .register(registry);
        minionResults = Counter.builder().name("jsalt_job_minion_results_total")
                .help("Each targeted minion's part of a job as it was settled, by status (no minion label)")
                .labelNames("status").register(registry);
        compileSeconds = Histogram.builder().name("jsalt_state_compile_seconds").unit(Unit.SECONDS)
                .help("Time to compile one minion's state document (templates, pillar, render calls answered by the minion)")
                .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry);
        compileErrors = Counter.builder().name("jsalt_state_compile_errors_total")
                .help("Compiles of one minion's state document that failed (the whole run was refused)").register(registry);
        stateResults = Counter.builder().name("jsalt_state_results_total")
                .help("Resource results in state.apply returns, by state module and outcome")
                .labelNames("module", "outcome").register(registry);
        reactorRuns = Counter.builder().name("jsalt_reactor_runs_total")
                .help("State runs the reactor started (started) or could not start (error)")
                .labelNames("outcome").register(registry);
        minionConnects = Counter.builder().name("jsalt_minion_connections_total")
                .help("Hellos from minions with accepted keys (each new connection of a minion sends one)").register(registry);
        minionDisconnects = Counter.builder().name("jsalt_minion_disconnections_total")
                .help("Minion connections the master saw end").register(registry);
        handshakeSeconds = Histogram.builder().name("jsalt_handshake_duration_seconds").unit(Unit.SECONDS)
                .help("CURVE handshakes of minions (keys accepted or pending) as each minion timed its own, sent in its first "
                        + "hello on the connection: from its TCP connection being established to the handshake being done, "
                        + "round trips included")
                .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
                .register(registry);
        driftChecks = Counter.builder().name("jsalt_drift_checks_total")
                .help("Scheduled drift checks (test runs of a target's highstate) started, or that could not start (error)")
                .labelNames("outcome").register(registry);
        // Zero series for every status and outcome from the start: a rate() over a series that appears mid-range misses
        // its first increment, and a dashboard can tell "none yet" from "not exported".
        for (MinionStatus s : MinionStatus.values()) {
            if (s != MinionStatus.WAITING) minionResults.labelValues(statusLabel(s));
        }
        for (String o : List.of("started", "error")) {
            reactorRuns.labelValues(o);
            driftChecks.labelValues(o);
        }
    }

    public PrometheusRegistry registry() { return registry; }

    /** Each minion's last apply and last drift check, as the returns that feed these metrics arrive. */
    public dev.jsalt.master.drift.MinionRuns runs() { return runs; }

    /** Which minions the per-minion gauges cover, read at each scrape. */
    public interface Minions {
        /** Ids of the accepted minions. */
        Collection<String> accepted();

        /** Whether {@code id} is connected now. */
        boolean connected(String id);
    }

    /**
     * Registers the per-minion gauges for at most {@code max} accepted minions (the first by id): connection, last
     * apply (end, the minion's own duration, success, resources changed) and last drift check (when, resources that
     * would change). A minion that never applied has no last-apply series.
     */
    public MasterMetrics withMinions(Minions minions, int max) {
        registry.register(new MinionGauges(minions, runs, max));
        return this;
    }


    /** Adds the JVM's and the process's figures (memory, GC, threads, CPU, open files...) from the client library. */
    public MasterMetrics withJvm() {
        JvmMetrics.builder().register(registry);
        return this;
    }

    /** The fleet as the master holds it in memory, read at each scrape. */
    public interface Fleet {
        /** Minion keys by state ({@code pending}, {@code accepted}, {@code rejected}). */
        Map<String, Long> keysByState();

        /** Accepted minions connected now. */
        long connected();

        /** CURVE handshakes the ZAP handler authenticated ({@code ok}) or refused. */
        long handshakes(boolean ok);
    }

    /** Registers the fleet gauges; {@code states} are the key states always exported (0 when none). */
    public MasterMetrics withFleet(Fleet fleet, Collection<String> states) {
        GaugeWithCallback.builder().name("jsalt_minion_keys")
                .help("Minion keys by state")
                .labelNames("state")
                .callback(cb -> {
                    Map<String, Long> by = fleet.keysByState();
                    for (String s : states) cb.call(by.getOrDefault(s, 0L), s);
                }).register(registry);
        GaugeWithCallback.builder().name("jsalt_minions_connected")
                .help("Minions with accepted keys connected now")
                .callback(cb -> cb.call(fleet.connected())).register(registry);
        CounterWithCallback.builder().name("jsalt_handshakes_total")
                .help("CURVE handshakes on the minion channel, by the ZAP handler's verdict: ok (the key is not rejected; "
                        + "an unknown key then registers as pending) or refused")
                .labelNames("result")
                .callback(cb -> {
                    cb.call(fleet.handshakes(true), "ok");
                    cb.call(fleet.handshakes(false), "refused");
                }).register(registry);
        return this;
    }

    /** The API's worker lanes, read at each scrape. */
    public interface Lanes {
        /** Calls waiting for a worker on the compile lane ({@code compile}) or the other. */
        int waiting(boolean compile);

        /** Calls being handled on that lane now. */
        int running(boolean compile);
    }

    /** Registers the API lanes' queue depth and activity ({@code lane} = {@code api}, {@code compile}). */
    public MasterMetrics withApiLanes(Lanes lanes) {
        GaugeWithCallback.builder().name("jsalt_api_calls_waiting")
                .help("API calls queued for a worker, by lane: compile (apply, show, orchestrate) or api (everything else)")
                .labelNames("lane")
                .callback(cb -> {
                    cb.call(lanes.waiting(false), "api");
                    cb.call(lanes.waiting(true), "compile");
                }).register(registry);
        GaugeWithCallback.builder().name("jsalt_api_calls_running")
                .help("API calls a worker is handling now, by lane (a scrape counts itself)")
                .labelNames("lane")
                .callback(cb -> {
                    cb.call(lanes.running(false), "api");
                    cb.call(lanes.running(true), "compile");
                }).register(registry);
        return this;
    }

    // --- events ---------------------------------------------------------------------------------------------------

    public void jobStarted(JobRecord job) {
        jobsStarted.labelValues(function(job.fun())).inc();
        jobsRunning.inc();
    }

    /** The job ended: every minion settled, or the timeout settled the rest. */
    public void jobFinished(JobRecord job, Collection<MinionResult> results, long endedAt) {
        String fun = function(job.fun());
        jobsFinished.labelValues(fun, outcome(results)).inc();
        jobsRunning.dec();
        jobDuration.labelValues(fun).observe(Math.max(0, endedAt - job.startedAt()) / 1000.0);
    }

    /**
     * One minion's part of a job was settled ({@code r}'s status is never WAITING). A state run's returned results are
     * counted per state module and outcome.
     */
    public void minionResult(JobRecord job, MinionResult r) {
        if (r.status() == MinionStatus.WAITING) return;
        minionResults.labelValues(statusLabel(r.status())).inc();
        runs.record(job, r);
        if ("state.apply".equals(job.fun()) && r.result() instanceof List<?> states) countStates(states);
    }

    /** A late return for a job no longer in memory (read back from the job cache). */
    public void lateResult(String fun, MinionResult r) {
        minionResults.labelValues(statusLabel(MinionStatus.LATE)).inc();
        if ("state.apply".equals(fun) && r.result() instanceof List<?> states) countStates(states);
    }

    private void countStates(List<?> states) {
        Map<String, Map<String, Integer>> counts = new java.util.HashMap<>();
        for (Object o : states) {
            if (!(o instanceof Map<?, ?> m)) continue;
            Object fun = m.get("function");
            Object outcome = m.get("outcome");
            if (!(outcome instanceof String out)) continue;
            String mod = fun instanceof String s ? module(s) : OTHER;
            if (!stateModules.contains(mod)) mod = OTHER;
            String o2 = stateOutcome(out);
            if (o2 == null) continue;
            counts.computeIfAbsent(mod, k -> new java.util.HashMap<>()).merge(o2, 1, Integer::sum);
        }
        counts.forEach((mod, byOutcome) -> byOutcome.forEach((o, n) -> stateResults.labelValues(mod, o).inc(n)));
    }

    /** One minion's document compiled (or failed to) in {@code nanos}. */
    public void compiled(long nanos, boolean ok) {
        compileSeconds.observe(nanos / 1e9);
        if (!ok) compileErrors.inc();
    }

    public void reactorRun(boolean started) {
        reactorRuns.labelValues(started ? "started" : "error").inc();
    }

    public void driftCheck(boolean started) {
        driftChecks.labelValues(started ? "started" : "error").inc();
    }

    public void minionConnected() { minionConnects.inc(); }

    /**
     * A minion reported how long its connection's CURVE handshake took ({@code handshakeMillis} of its first hello on it).
     * A value no handshake can have is not observed (the hello's decoding drops it already).
     */
    public void handshake(double millis) {
        if (dev.jsalt.common.wire.MinionMessage.Hello.plausibleHandshake(millis)) handshakeSeconds.observe(millis / 1000.0);
    }

    public void minionDisconnected() { minionDisconnects.inc(); }

    // --- exposition -----------------------------------------------------------------------------------------------

    /** The content type of {@link #scrape()}: Prometheus text format 0.0.4. */
    public String contentType() { return writer.getContentType(); }

    /** Every metric, in the Prometheus text format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 << 10);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    // --- labels ---------------------------------------------------------------------------------------------------

    /** The function label: a catalog function's name, or {@code other}. */
    public String function(String fun) {
        return fun != null && functions.contains(fun) ? fun : OTHER;
    }

    private static final Map<MinionStatus, String> STATUS = new EnumMap<>(MinionStatus.class);

    static {
        for (MinionStatus s : MinionStatus.values()) STATUS.put(s, s.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** {@code returned}, {@code failed}, {@code no_response}, {@code not_connected}, {@code disconnected}, {@code late}. */
    public static String statusLabel(MinionStatus s) { return STATUS.get(s); }

    /** ok: every minion returned success (or none was targeted); failed: one returned a failure; else incomplete. */
    static String outcome(Collection<MinionResult> results) {
        boolean incomplete = false;
        for (MinionResult r : results) {
            switch (r.status()) {
                case FAILED -> {
                    return "failed";
                }
                case RETURNED, LATE -> {
                }
                default -> incomplete = true;
            }
        }
        return incomplete ? "incomplete" : "ok";
    }

    private static String stateOutcome(String outcome) {
        return switch (outcome) {
            case "CHANGED" -> "changed";
            case "UNCHANGED" -> "unchanged";
            case "WOULD_CHANGE" -> "would_change";
            case "FAILED" -> "failed";
            case "SKIPPED" -> "skipped";
            default -> null;
        };
    }

    private static String module(String fun) {
        int dot = fun.indexOf('.');
        return dot < 0 ? fun : fun.substring(0, dot);
    }
}
