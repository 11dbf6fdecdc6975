package dev.jsalt.minion.states.service;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Plan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link Systemd} judges a unit from ActiveState and SubState (issue 17: a crash-looping unit,
 * {@code activating (auto-restart)}, was reported running). systemctl answers from a script here; the lab's
 * booted hosts run the real thing (ServiceOnSystemdLabTest).
 */
class SystemdStatesTest {
    private final Deque<String> shows = new ArrayDeque<>();
    private final List<String> actions = new ArrayList<>();

    private final CommandRunner systemctl = new CommandRunner() {
        @Override
        public CommandResult run(CommandSpec spec) {
            List<String> argv = spec.argv();
            if (argv.get(1).equals("show")) {
                // the last answer repeats: a unit stays where the script left it
                String out = shows.size() > 1 ? shows.poll() : shows.peek();
                return new CommandResult(0, "LoadState=loaded\nUnitFileState=enabled\n" + out, "", false, false, Duration.ZERO);
            }
            actions.add(argv.get(1));
            return new CommandResult(0, "", "", false, false, Duration.ZERO);
        }
    };

    private Systemd systemd() {
        return new Systemd(new RunContext(false, systemctl, Map.of()), Duration.ofSeconds(5), Duration.ofMillis(10));
    }

    private static String state(String active, String sub, long restarts, long pid) {
        return "ActiveState=" + active + "\nSubState=" + sub + "\nResult=" + (restarts > 0 ? "exit-code" : "success")
                + "\nNRestarts=" + restarts + "\nMainPID=" + pid + "\n";
    }

    @Test
    void aUnitWaitingToBeRestartedAfterACrashIsNotRunning() {
        shows.add(state("activating", "auto-restart", 3, 0));
        Systemd sd = systemd();
        assertFalse(sd.running("app"));
        assertEquals("not running: activating (auto-restart), restarted 3 times by systemd, last result: exit-code", sd.state("app"));
    }

    @Test
    void aUnitCaughtBetweenTwoCrashesIsNotRunningEither() {
        // active for a moment, but systemd restarted it again while we looked
        shows.add(state("active", "running", 3, 100));
        shows.add(state("active", "running", 4, 101));
        assertFalse(systemd().running("app"));
    }

    @Test
    void activatingIsWaitedOutThenJudged() {
        shows.add(state("activating", "start-pre", 0, 0));
        shows.add(state("activating", "start", 0, 0));
        shows.add(state("active", "running", 0, 42));
        assertTrue(systemd().running("db"));
        assertTrue(shows.size() == 1, "polled until it settled");
    }

    @Test
    void aRestartedButNowStableUnitRuns() {
        shows.add(state("active", "running", 2, 77));
        assertTrue(systemd().running("app"));
    }

    @Test
    void startingACrashLoopingUnitFailsAndSaysWhy() {
        shows.add(state("activating", "auto-restart", 5, 0));
        Plan.Done o = ServiceModule.control("app", true, systemd(), 0);
        assertTrue(o instanceof Plan.Done.Fail, o.comment());
        assertEquals(List.of("start"), actions);
        assertTrue(o.comment().contains("start returned success but it is not running: activating (auto-restart)"), o.comment());
    }

    @Test
    void aUnitThatDiesRightAfterItsStartFails() {
        // the plan saw it stopped; these are what systemctl shows after the start
        shows.add(state("active", "running", 0, 10));      // just forked
        shows.add(state("failed", "failed", 0, 0));        // gone a moment later
        Plan.Done o = ServiceModule.control("app", true, systemd(), 0);
        assertTrue(o instanceof Plan.Done.Fail, o.comment());
        assertTrue(o.comment().contains("not running: failed (failed)"), o.comment());
    }

    @Test
    void aCleanStartIsAChange() {
        shows.add(state("active", "running", 0, 10));
        Plan.Done o = ServiceModule.control("app", true, systemd(), 0);
        assertTrue(o instanceof Plan.Done.Ok, o.comment());
        assertEquals("Service app started", o.comment());
    }
}
