package dev.jsalt.master.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/metrics.md documents exactly the jsalt_ metrics the master exports, and every query of the Grafana dashboard in
 * packaging/ names only metrics the master exports (its own and the JVM instrumentation's).
 */
class MetricsDocsTest {
    /** Every metric the master registers: its own (with the fleet gauges) and the JVM's. */
    private static MasterMetrics all() {
        MasterMetrics m = new MasterMetrics().withJvm();
        // the fleet gauges need a source to be registered; only their names are read here
        m.withFleet(new MasterMetrics.Fleet() {
            @Override
            public Map<String, Long> keysByState() { return Map.of(); }

            @Override
            public long connected() { return 0; }

            @Override
            public long handshakes(boolean ok) { return 0; }
        }, List.of("pending", "accepted", "rejected"));
        m.withMinions(new MasterMetrics.Minions() {
            @Override
            public java.util.Collection<String> accepted() { return List.of("web1"); }

            @Override
            public boolean connected(String id) { return true; }
        }, 10);
        m.withApiLanes(new MasterMetrics.Lanes() {
            @Override
            public int waiting(boolean compile) { return 0; }

            @Override
            public int running(boolean compile) { return 0; }
        });
        return m;
    }

    /** Family names as docs/metrics.md writes them: counters with their _total. */
    private static Set<String> families(MasterMetrics m) {
        Set<String> out = new TreeSet<>();
        for (MetricSnapshot s : m.registry().scrape()) {
            String n = s.getMetadata().getPrometheusName();
            out.add(s instanceof CounterSnapshot ? n + "_total" : s instanceof InfoSnapshot ? n + "_info" : n);
        }
        return out;
    }

    /** Every name a sample of these metrics can have in the text format. */
    private static Set<String> sampleNames(MasterMetrics m) {
        Set<String> out = new TreeSet<>();
        for (MetricSnapshot s : m.registry().scrape()) {
            String n = s.getMetadata().getPrometheusName();
            if (s instanceof CounterSnapshot) {
                out.add(n + "_total");
            } else if (s instanceof HistogramSnapshot) {
                out.addAll(List.of(n + "_bucket", n + "_sum", n + "_count"));
            } else if (s instanceof SummarySnapshot) {
                out.addAll(List.of(n, n + "_sum", n + "_count"));
            } else if (s instanceof InfoSnapshot) {
                out.add(n + "_info");
            } else {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void theDocsListEveryJsaltMetricAndNoOther() throws Exception {
        Set<String> exported = new TreeSet<>();
        for (String f : families(all())) {
            if (f.startsWith("jsalt_")) exported.add(f);
        }
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(jsalt_[a-z_]+)` \\|").matcher(Files.readString(Path.of("..", "docs", "metrics.md")));
        while (m.find()) documented.add(m.group(1));
        assertFalse(exported.isEmpty());
        assertEquals(exported, documented);
    }

    /** PromQL's functions, aggregations and keywords that the dashboard uses; any other bare word must be a metric. */
    private static final Set<String> PROMQL = Set.of("sum", "rate", "increase", "histogram_quantile", "by", "without",
            "avg", "max", "min", "count", "topk", "label_values", "irate", "and", "or", "unless", "on", "ignoring", "offset");

    @Test
    void everyDashboardQueryNamesOnlyExportedMetrics() throws Exception {
        Set<String> samples = sampleNames(all());
        JsonNode dash = Json.mapper().readTree(Files.readString(Path.of("..", "packaging", "grafana", "jsalt-master.json")));
        List<String> exprs = new ArrayList<>();
        collect(dash, exprs);
        assertTrue(exprs.size() >= 20, "the dashboard's queries were found: " + exprs.size());
        Set<String> used = new TreeSet<>();
        for (String e : exprs) {
            // label matchers, ranges, grouping label lists and strings are not metric names
            String bare = e.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                    .replaceAll("\\{[^}]*}", "")
                    .replaceAll("\\[[^]]*]", "")
                    .replaceAll("\\b(by|without)\\s*\\([^)]*\\)", "$1")
                    .replaceAll("label_values\\(([a-z_:]+),\\s*[a-z_]+\\)", "label_values($1)")
                    .replaceAll("\\$[a-z_]+", "");
            Matcher m = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
            boolean any = false;
            while (m.find()) {
                String word = m.group();
                if (PROMQL.contains(word)) continue;
                assertTrue(samples.contains(word), "'" + word + "' in the dashboard query '" + e + "' is not a metric the master exports");
                used.add(word);
                any = true;
            }
            assertTrue(any, "a query without a metric: " + e);
        }
        // the dashboard shows the fleet, jobs, states and the process
        for (String must : List.of("jsalt_minions_connected", "jsalt_jobs_finished_total", "jsalt_job_duration_seconds_bucket",
                "jsalt_job_minion_results_total", "jsalt_state_results_total", "jsalt_state_compile_seconds_bucket",
                "jsalt_handshake_duration_seconds_bucket", "process_resident_memory_bytes")) {
            assertTrue(used.contains(must), must);
        }
    }

    /** Every "expr" of a panel's targets, and every query of a template variable. */
    private static void collect(JsonNode n, List<String> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(f -> {
                if (f.getKey().equals("expr") && f.getValue().isTextual()) out.add(f.getValue().asText());
                else if (f.getKey().equals("query") && f.getValue().isObject() && f.getValue().path("query").isTextual()) {
                    out.add(f.getValue().path("query").asText());
                } else {
                    collect(f.getValue(), out);
                }
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, out));
        }
    }
}
