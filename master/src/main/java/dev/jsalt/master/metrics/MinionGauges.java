package dev.jsalt.master.metrics;

import dev.jsalt.master.drift.MinionRuns;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The per-minion gauges ({@link MasterMetrics#withMinions}), collected in one pass per scrape: the accepted minions
 * are listed and sorted once, and every gauge reads the same list (a callback per gauge would list them once per
 * gauge). At most {@code max} minions get series; {@code jsalt_minion_series_omitted} counts the rest.
 */
final class MinionGauges implements MultiCollector {
    /** One per-minion gauge: its name, help, and its value for a minion (empty: no series for that minion). */
    private record Gauge(String name, String help, Function<String, Optional<Double>> value) {
    }

    private final MasterMetrics.Minions minions;
    private final int max;
    private final List<Gauge> gauges;

    MinionGauges(MasterMetrics.Minions minions, MinionRuns runs, int max) {
        this.minions = minions;
        this.max = max;
        this.gauges = List.of(
                new Gauge("jsalt_minion_up", "1 if the accepted minion is connected now, else 0",
                        id -> Optional.of(minions.connected(id) ? 1.0 : 0.0)),
                new Gauge("jsalt_minion_last_apply_timestamp_seconds", "When the minion's last real state run returned (Unix time)",
                        id -> runs.lastApply(id).map(a -> a.endedAt() / 1000.0)),
                new Gauge("jsalt_minion_last_apply_duration_seconds", "How long the minion's last real state run took on the minion",
                        id -> runs.lastApply(id).map(MinionRuns.LastApply::durationSeconds)),
                new Gauge("jsalt_minion_last_apply_success", "1 if the minion's last real state run succeeded, else 0",
                        id -> runs.lastApply(id).map(a -> a.ok() ? 1.0 : 0.0)),
                new Gauge("jsalt_minion_last_apply_changed_resources", "Resources the minion's last real state run changed",
                        id -> runs.lastApply(id).map(a -> (double) a.changed())),
                new Gauge("jsalt_minion_drift_resources",
                        "Resources that would change in the minion's last drift check (a test run of its highstate)",
                        id -> runs.lastDriftCheck(id).map(d -> (double) d.wouldChange())),
                new Gauge("jsalt_minion_drift_check_timestamp_seconds", "When the minion's last drift check returned (Unix time)",
                        id -> runs.lastDriftCheck(id).map(d -> d.checkedAt() / 1000.0)));
    }

    @Override
    public MetricSnapshots collect() {
        Collection<String> accepted = minions.accepted();
        List<String> covered = accepted.stream().sorted().limit(max).toList();
        List<io.prometheus.metrics.model.snapshots.MetricSnapshot> out = new ArrayList<>();
        for (Gauge g : gauges) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(g.name()).help(g.help());
            for (String id : covered) {
                g.value().apply(id).ifPresent(v -> b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                        .value(v).labels(Labels.of("minion", id)).build()));
            }
            out.add(b.build());
        }
        out.add(GaugeSnapshot.builder().name("jsalt_minion_series_omitted")
                .help("Accepted minions without per-minion series (more than metrics_max_minions)")
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(Math.max(0, accepted.size() - max)).build()).build());
        return new MetricSnapshots(out);
    }
}
