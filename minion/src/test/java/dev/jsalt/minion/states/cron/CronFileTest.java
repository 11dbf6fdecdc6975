package dev.jsalt.minion.states.cron;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** cron.file with the real crontab(1) on a throwaway user, created for each test and removed (with its crontab) afterwards. */
class CronFileTest {
    static final String TAB = "MAILTO=ops@example.org\n0 3 * * * /usr/local/bin/backup\n";
    @TempDir
    Path dir;
    final CommandRunner runner = new CommandRunner();
    final String user = "jsaltf" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);

    @BeforeEach
    void createUser() throws Exception {
        assumeTrue(runner.run(CommandSpec.of("sh", "-c", "command -v crontab")).ok(), "crontab(1) is not installed (Debian: cron)");
        CommandResult r = runner.run(CommandSpec.of("useradd", "-M", "-s", "/usr/sbin/nologin", user));
        assertTrue(r.ok(), r.stderr());
    }

    @AfterEach
    void removeUser() throws Exception {
        runner.run(CommandSpec.of("crontab", "-u", user, "-r"));
        runner.run(CommandSpec.of("userdel", user));
    }

    StateResult expect(Outcome want, boolean test, Object... kv) {
        StateResult r = Res.apply(Res.of("cron", "file", "salt://cron/tab", args(kv)), test, dir);
        assertEquals(want, r.outcome(), () -> r.comment() + " " + r.changes());
        return r;
    }

    String tab() throws Exception { return runner.run(CommandSpec.of("crontab", "-u", user, "-l")).stdout(); }

    @Test
    void theWholeTabIsInstalledThenInSyncAndReplaceFalseKeepsAnExistingOne() throws Exception {
        StateResult t = expect(Outcome.WOULD_CHANGE, true, "user", user, "source_contents", TAB, "source_path", "salt://cron/tab");
        assertTrue(t.changes().get("diff").toString().contains("+0 3 * * * /usr/local/bin/backup"), t.changes().toString());
        assertEquals("", runner.run(CommandSpec.of("crontab", "-u", user, "-l")).stdout(), "a test run writes nothing");
        expect(Outcome.CHANGED, false, "user", user, "source_contents", TAB, "source_path", "salt://cron/tab");
        assertEquals(TAB, tab());
        expect(Outcome.UNCHANGED, false, "user", user, "source_contents", TAB, "source_path", "salt://cron/tab");
        // a last line without its newline is installed with one (crontab refuses it otherwise), and is then in sync
        String other = "@reboot /usr/local/bin/warm";
        expect(Outcome.UNCHANGED, false, "user", user, "source_contents", other, "replace", false);
        assertEquals(TAB, tab());
        expect(Outcome.CHANGED, false, "user", user, "source_contents", other);
        assertEquals(other + "\n", tab());
        expect(Outcome.UNCHANGED, false, "user", user, "source_contents", other);
    }

    @Test
    void anUnknownUserIsAssumedInATestRunAndFailsARealOne() {
        expect(Outcome.WOULD_CHANGE, true, "user", "jsaltnosuchuser", "source_contents", TAB);
        expect(Outcome.FAILED, false, "user", "jsaltnosuchuser", "source_contents", TAB);
    }
}
