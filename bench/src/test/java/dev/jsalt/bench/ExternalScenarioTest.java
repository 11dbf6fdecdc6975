package dev.jsalt.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenarios of other modules: named, they run alone (no loopback master is started for them); unnamed, never. */
class ExternalScenarioTest {
    /** A scenario that reports one figure and counts its runs. */
    private static final class Counting implements ExternalScenario {
        int runs;

        @Override
        public String name() { return "elsewhere"; }

        @Override
        public void run(Profile profile, PrintStream out, Consumer<Stats> report) {
            runs++;
            out.println("# elsewhere: measuring");
            report.accept(new Stats("elsewhere-seconds", 20, "s", List.of(55.2), 60.0, "one run"));
        }
    }

    @Test
    void aNamedScenarioOfAnotherModuleRunsAloneAndReports() throws Exception {
        Counting c = new Counting();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BenchSuite suite = new BenchSuite(Profile.TINY, Set.of("elsewhere"), Launcher.current(null), new PrintStream(buf, true, StandardCharsets.UTF_8),
                false, List.of(c));
        suite.run();
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, c.runs);
        assertEquals(List.of("elsewhere-seconds"), suite.results().stream().map(Stats::name).toList());
        assertTrue(suite.failures().isEmpty(), suite.failures().toString());
        assertTrue(!out.contains("# master up"), "no loopback master for it: " + out);
        assertTrue(out.contains("budget 60"), out);
    }

    @Test
    void anUnknownNameListsTheOtherModulesScenariosToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BenchSuite(Profile.TINY, Set.of("clodu"),
                Launcher.current(null), System.out, false, List.of(new Counting())));
        assertTrue(e.getMessage().contains("unknown scenario 'clodu'") && e.getMessage().contains("elsewhere"), e.getMessage());
    }
}
