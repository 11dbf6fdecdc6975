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
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The real crontab(1) on a throwaway user, created for each test and removed (with its crontab) afterwards. */
class CronModuleTest {
    @TempDir
    Path dir;
    final CommandRunner runner = new CommandRunner();
    final String user = "jsaltc" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);

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

    String tab() throws Exception {
        CommandResult r = runner.run(CommandSpec.of("crontab", "-u", user, "-l"));
        return r.ok() ? r.stdout() : "";
    }

    StateResult apply(String fn, String name, boolean test, Object... kv) {
        Object[] all = new Object[kv.length + 2];
        all[0] = "user";
        all[1] = user;
        System.arraycopy(kv, 0, all, 2, kv.length);
        return Res.apply(Res.of("cron", fn, name, args(all)), test, dir);
    }

    StateResult expect(Outcome want, String fn, String name, boolean test, Object... kv) {
        StateResult r = apply(fn, name, test, kv);
        assertEquals(want, r.outcome(), () -> fn + " " + name + ": " + r.comment() + " " + r.changes());
        return r;
    }

    @Test
    void presentAddsThenIsInSyncThenUpdatesInPlaceOfTheOldLine() throws Exception {
        StateResult w = expect(Outcome.WOULD_CHANGE, "present", "echo test > /tmp/test", true, "minute", 0, "hour", 0,
                "identifier", "task1", "comment", "comment1");
        assertEquals("Cron echo test > /tmp/test is set to be added", w.comment());
        assertEquals("", tab());
        StateResult d = expect(Outcome.CHANGED, "present", "echo test > /tmp/test", false, "minute", 0, "hour", 0,
                "identifier", "task1", "comment", "comment1");
        assertEquals(Map.of(user, "echo test > /tmp/test"), d.changes());
        assertEquals("Cron echo test > /tmp/test added to " + user + "'s crontab", d.comment());
        assertEquals(CronTab.TAG + "\n# comment1 SALT_CRON_IDENTIFIER:task1\n0 0 * * * echo test > /tmp/test\n", tab());
        StateResult same = expect(Outcome.UNCHANGED, "present", "echo test > /tmp/test", false, "minute", 0, "hour", 0,
                "identifier", "task1", "comment", "comment1");
        assertEquals("Cron echo test > /tmp/test already present", same.comment());
        // no comment given: the one there stays
        expect(Outcome.UNCHANGED, "present", "echo test > /tmp/test", false, "minute", "0", "hour", "0", "identifier", "task1");

        expect(Outcome.WOULD_CHANGE, "present", "echo new", true, "minute", 5, "identifier", "task1");
        StateResult u = expect(Outcome.CHANGED, "present", "echo new", false, "minute", 5, "identifier", "task1", "commented", true);
        assertEquals("Cron echo new updated", u.comment());
        assertEquals(CronTab.TAG + "\n# comment1 SALT_CRON_IDENTIFIER:task1\n#DISABLED#5 * * * * echo new\n", tab());
        expect(Outcome.UNCHANGED, "present", "echo new", false, "minute", 5, "identifier", "task1", "commented", true);
    }

    @Test
    void specialRandomAndTheLinesAboveTheTagStay() throws Exception {
        CommandResult put = runner.run(CommandSpec.of("crontab", "-u", user, "-").withStdin("# mine\n1 2 * * * /bin/true\n"));
        assertTrue(put.ok(), put.stderr());
        expect(Outcome.CHANGED, "present", "echo task5", false, "minute", "random", "hour", 1);
        String after = tab();
        assertTrue(after.startsWith("# mine\n1 2 * * * /bin/true\n" + CronTab.TAG + "\n# SALT_CRON_IDENTIFIER:echo task5\n"), after);
        String line = after.lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(line.matches("\\d+ 1 \\* \\* \\* echo task5"), line);
        expect(Outcome.UNCHANGED, "present", "echo task5", false, "minute", "random", "hour", 1);
        assertEquals(after, tab());

        // the same job as a special one: the timed one goes
        StateResult s = expect(Outcome.CHANGED, "present", "echo task5", false, "special", "@hourly", "comment", "c3");
        assertEquals("Cron echo task5 time specification changed", s.comment());
        assertEquals("# mine\n1 2 * * * /bin/true\n" + CronTab.TAG + "\n# c3 SALT_CRON_IDENTIFIER:echo task5\n@hourly echo task5\n", tab());
        expect(Outcome.UNCHANGED, "present", "echo task5", false, "special", "@hourly");

        expect(Outcome.UNCHANGED, "absent", "echo task5", false);
        expect(Outcome.WOULD_CHANGE, "absent", "echo task5", true, "special", "@hourly");
        StateResult rm = expect(Outcome.CHANGED, "absent", "echo task5", false, "special", "@hourly");
        assertEquals("Cron echo task5 removed from " + user + "'s crontab", rm.comment());
        assertEquals("# mine\n1 2 * * * /bin/true\n" + CronTab.TAG + "\n", tab());
        expect(Outcome.UNCHANGED, "absent", "echo task5", false, "special", "@hourly");
    }

    @Test
    void absentFindsAJobByIdentifierOrCommand() throws Exception {
        expect(Outcome.CHANGED, "present", "echo a", false, "identifier", "ida");
        expect(Outcome.UNCHANGED, "absent", "echo a", false);
        expect(Outcome.CHANGED, "absent", "echo other", false, "identifier", "ida");
        assertEquals(CronTab.TAG + "\n", tab());
        runner.run(CommandSpec.of("crontab", "-u", user, "-").withStdin(CronTab.TAG + "\n3 * * * * echo b\n"));
        expect(Outcome.CHANGED, "absent", "echo b", false);
        assertEquals(CronTab.TAG + "\n", tab());
    }

    @Test
    void variables() throws Exception {
        StateResult w = expect(Outcome.WOULD_CHANGE, "env_present", "MAILTO", true, "value", "ops@example.com");
        assertEquals("Cron env MAILTO is set to be added", w.comment());
        StateResult d = expect(Outcome.CHANGED, "env_present", "MAILTO", false, "value", "ops@example.com");
        assertEquals(Map.of(user, "MAILTO"), d.changes());
        expect(Outcome.UNCHANGED, "env_present", "MAILTO", false, "value", "ops@example.com");
        expect(Outcome.CHANGED, "env_present", "PATH", false);
        expect(Outcome.UNCHANGED, "env_present", "PATH", false);
        assertEquals(CronTab.TAG + "\nMAILTO=ops@example.com\nPATH=\"\"\n", tab());
        StateResult u = expect(Outcome.CHANGED, "env_present", "MAILTO", false, "value", "root");
        assertEquals("Cron env MAILTO updated", u.comment());
        assertEquals(CronTab.TAG + "\nPATH=\"\"\nMAILTO=root\n", tab());
        expect(Outcome.WOULD_CHANGE, "env_absent", "PATH", true);
        expect(Outcome.CHANGED, "env_absent", "PATH", false);
        expect(Outcome.UNCHANGED, "env_absent", "PATH", false);
        assertEquals(CronTab.TAG + "\nMAILTO=root\n", tab());
    }

    @Test
    void anUnknownUserIsAssumedInATestRunAndFailsARealOne() {
        String ghost = "jsaltnouser" + ThreadLocalRandom.current().nextInt(1000);
        StateResult t = Res.apply(Res.of("cron", "present", "echo x", args("user", ghost)), true, dir);
        assertEquals(Outcome.WOULD_CHANGE, t.outcome(), t.comment());
        StateResult r = Res.apply(Res.of("cron", "present", "echo x", args("user", ghost)), false, dir);
        assertEquals(Outcome.FAILED, r.outcome(), r.comment());
        assertTrue(r.comment().contains("user " + ghost + " does not exist"), r.comment());
        assertEquals(Outcome.UNCHANGED, Res.apply(Res.of("cron", "absent", "echo x", args("user", ghost)), false, dir).outcome());
    }

    @Test
    void badArgumentsFail() {
        StateResult r = apply("present", "echo x", true, "special", "@sometimes");
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().contains("argument 'special' of cron.present"), r.comment());
        assertEquals(Outcome.FAILED, apply("present", "echo x", true, "minute", "1 2").outcome());
    }

    // ---------------------------------------------------------------------------------------------------- cron.file

    static final String TAB = "MAILTO=ops@example.org\n0 3 * * * /usr/local/bin/backup\n";

    @Test
    void fileInstallsTheWholeTabThenIsInSyncAndReplaceFalseKeepsAnExistingOne() throws Exception {
        StateResult t = expect(Outcome.WOULD_CHANGE, "file", "salt://cron/tab", true, "source_contents", TAB, "source_path", "salt://cron/tab");
        assertTrue(t.changes().get("diff").toString().contains("+0 3 * * * /usr/local/bin/backup"), t.changes().toString());
        assertEquals("", tab(), "a test run writes nothing");
        expect(Outcome.CHANGED, "file", "salt://cron/tab", false, "source_contents", TAB, "source_path", "salt://cron/tab");
        assertEquals(TAB, tab());
        StateResult same = expect(Outcome.UNCHANGED, "file", "salt://cron/tab", false, "source_contents", TAB, "source_path", "salt://cron/tab");
        assertEquals("Crontab of " + user + " is in the correct state (salt://cron/tab)", same.comment());
        // a last line without its newline is installed with one (crontab refuses it otherwise), and is then in sync
        String other = "@reboot /usr/local/bin/warm";
        expect(Outcome.UNCHANGED, "file", "salt://cron/tab", false, "source_contents", other, "replace", false);
        assertEquals(TAB, tab());
        expect(Outcome.CHANGED, "file", "salt://cron/tab", false, "source_contents", other);
        assertEquals(other + "\n", tab());
        expect(Outcome.UNCHANGED, "file", "salt://cron/tab", false, "source_contents", other);
    }

    @Test
    void fileForAnUnknownUserIsAssumedInATestRunAndFailsARealOne() {
        expect(Outcome.WOULD_CHANGE, "file", "salt://cron/tab", true, "user", "jsaltnosuchuser", "source_contents", TAB);
        expect(Outcome.FAILED, "file", "salt://cron/tab", false, "user", "jsaltnosuchuser", "source_contents", TAB);
    }
}
