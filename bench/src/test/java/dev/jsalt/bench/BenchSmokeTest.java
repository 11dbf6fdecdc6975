package dev.jsalt.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole suite in its tiny profile (20 swarm minions, a real minion, CLI processes, one master restart), so the
 * bench cannot rot. No timing is asserted: figures belong to the bench, not to a pass/fail test.
 */
class BenchSmokeTest {
    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS)
    void tinySuiteMeasuresEveryScenario() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
        BenchSuite suite = new BenchSuite(Profile.TINY, Set.of(), Launcher.current(null), out, false);
        suite.run();
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertTrue(suite.failures().isEmpty(), () -> "failures: " + suite.failures() + "\n" + printed);
        Set<String> names = suite.results().stream().map(Stats::name).collect(Collectors.toSet());
        for (String n : List.of("minion-rss-idle", "w1-minion-side", "w1-cli-end-to-end", "cli-run-test.ping",
                "minion-rss-after-applies", "fanout-test.ping", "metrics-scrape", "dashboard-fleet", "master-rss-dashboard", "apply-fanout-20-files", "master-rss", "reconnect-storm",
                "soak-ping-undisturbed", "soak-ping-attacked", "soak-p99-ratio", "soak-rss-ratio", "soak-lost")) {
            assertTrue(names.contains(n), () -> n + " missing from\n" + printed);
        }
        for (Stats s : suite.results()) {
            assertFalse(s.samples().isEmpty(), s.name());
            assertFalse(s.note().contains("INCOMPLETE"), s.line());
            if (s.name().equals("soak-lost")) assertEquals(0.0, s.median(), s.line()); // nothing lost under attack
            assertTrue(printed.contains(s.line()), "each figure is printed as one line");
        }
    }

    @Test
    void statsUseNearestRank() {
        Stats s = new Stats("x", 1, "ms", List.of(5.0, 1.0, 4.0, 2.0, 3.0), 3.0, null);
        assertEquals(3.0, s.median());
        assertEquals(5.0, s.p95());
        assertEquals(5.0, s.max());
        assertTrue(s.withinBudget());
        assertTrue(s.line().startsWith("x "), s.line());
    }

    @Test
    void targetsSelectTheFirstNMinions() {
        assertEquals("swarm-*", BenchSuite.target(1000, 1000));
        assertEquals("swarm-00*", BenchSuite.target(100, 1000));
        assertEquals("swarm-0*", BenchSuite.target(1000, 5000));
        assertEquals("swarm-00*", BenchSuite.target(100, 5000));
    }
}
