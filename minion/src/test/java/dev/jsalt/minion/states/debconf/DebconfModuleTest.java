package dev.jsalt.minion.states.debconf;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real debconf database, on questions of a made-up package that nothing reads; they are purged afterwards
 * (debconf's PURGE command, as a package's postrm does).
 */
class DebconfModuleTest {
    @TempDir
    Path dir;
    final CommandRunner runner = new CommandRunner();
    final String pkg = "jsalt-test-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);

    @BeforeEach
    void tools() {
        assumeTrue(DebconfModule.installed(DebconfModule.GET) && DebconfModule.installed(DebconfModule.PUT), "debconf-utils is not installed");
    }

    @AfterEach
    void purge() throws Exception {
        runner.run(CommandSpec.of("debconf-communicate", pkg).withStdin("PURGE\n"));
    }

    List<DebconfModule.Answer> current() throws Exception {
        return DebconfModule.selections(runner.run(CommandSpec.of("debconf-get-selections")).stdout()).getOrDefault(pkg, List.of());
    }

    StateResult apply(boolean test, Map<String, Object> data) {
        return Res.apply(Res.of("debconf", "set", pkg, args("data", data)), test, dir);
    }

    @Test
    void setsAnswersThenTheyAreInSync() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(pkg + "/start_on_boot", Map.of("type", "boolean", "value", "true"));
        data.put(pkg + "/greeting", Map.of("type", "string", "value", "hello world"));
        StateResult t = apply(true, data);
        assertEquals(Outcome.WOULD_CHANGE, t.outcome(), t.comment());
        assertEquals(Map.of(pkg + "/start_on_boot", "New value: true", pkg + "/greeting", "New value: hello world"), t.changes());
        assertEquals(List.of(), current());
        StateResult r = apply(false, data);
        assertEquals(Outcome.CHANGED, r.outcome(), r.comment());
        assertEquals(Map.of(pkg + "/start_on_boot", "true", pkg + "/greeting", "hello world"), r.changes());
        assertTrue(current().contains(new DebconfModule.Answer(pkg + "/greeting", "string", "hello world")), current().toString());
        StateResult again = apply(false, data);
        assertEquals(Outcome.UNCHANGED, again.outcome(), again.comment());
        assertEquals("All specified answers are already set", again.comment());

        // a boolean given as YAML false, one answer changed
        data.put(pkg + "/start_on_boot", Map.of("type", "boolean", "value", false));
        StateResult u = apply(false, data);
        assertEquals(Outcome.CHANGED, u.outcome(), u.comment());
        assertEquals(Map.of(pkg + "/start_on_boot", "false"), u.changes());
        assertEquals("Unchanged answers: " + pkg + "/greeting Answers set: " + pkg + "/start_on_boot", u.comment());
        assertEquals(Outcome.UNCHANGED, apply(false, data).outcome());
    }

    @Test
    void passwordsAreNotShownAndBadDataFails() {
        StateResult t = apply(true, Map.of(pkg + "/pw", Map.of("type", "password", "value", "s3cret")));
        assertEquals(Map.of(pkg + "/pw", "New value: (password hidden)"), t.changes());
        assertTrue(!t.comment().contains("s3cret"));
        StateResult bad = apply(true, Map.of(pkg + "/x", Map.of("value", "v")));
        assertEquals(Outcome.FAILED, bad.outcome());
        assertTrue(bad.comment().contains("argument 'data' of debconf.set needs {type: ..., value: ...}"), bad.comment());
        assertEquals(Outcome.FAILED, apply(true, Map.of(pkg + "/b", Map.of("type", "boolean", "value", "maybe"))).outcome());
    }

    @Test
    void parsesSelections() {
        Map<String, List<DebconfModule.Answer>> s = DebconfModule.selections("# comment\ntzdata\ttzdata/Areas\tselect\tEurope\np\tp/e\tstring\t\n");
        assertEquals(List.of(new DebconfModule.Answer("tzdata/Areas", "select", "Europe")), s.get("tzdata"));
        assertEquals(List.of(new DebconfModule.Answer("p/e", "string", "")), s.get("p"));
    }
}
