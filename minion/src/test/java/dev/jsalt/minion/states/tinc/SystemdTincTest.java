package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tinc.running} on systemd: {@code systemctl enable --now tinc@NET} succeeds even when tincd dies right after
 * it was forked (issue 17: such a tincd was reported started on every apply). systemctl and journalctl answer from a
 * script here; TincOnSystemdLabTest runs the real unit in a booted lab host.
 */
class SystemdTincTest {
    private final Deque<String> shows = new ArrayDeque<>();
    private final Deque<String> journals = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();

    private final CommandRunner runner = new CommandRunner() {
        @Override
        public CommandResult run(CommandSpec spec) {
            List<String> argv = spec.argv();
            String out = "";
            if (argv.get(0).equals("journalctl")) {
                out = journals.size() > 1 ? journals.poll() : journals.peek();
            } else if (argv.get(1).equals("show")) {
                out = shows.size() > 1 ? shows.poll() : shows.peek();
            } else {
                calls.add(String.join(" ", argv));
            }
            return new CommandResult(0, out == null ? "" : out, "", false, false, Duration.ZERO);
        }
    };

    private SystemdTinc tinc() {
        return new SystemdTinc("vpn", new RunContext(false, runner, Map.of()), Duration.ofSeconds(2));
    }

    @Test
    void aTincdThatDiesAtStartIsAFailureWithItsLastWords() {
        shows.add("ActiveState=active\nSubState=running\nInvocationID=a1\n");
        shows.add("ActiveState=activating\nSubState=auto-restart\nInvocationID=a1\n");
        journals.add("tincd 1.0.36 starting, debug level 0\n");
        journals.add("tincd 1.0.36 starting, debug level 0\nCould not open /dev/net/tun: No such device\nTerminating\n");
        String failed = tinc().start();
        assertEquals(List.of("systemctl enable --now tinc@vpn"), calls);
        assertTrue(failed != null && failed.startsWith("tincd exited during setup (tinc@vpn is activating (auto-restart))"), failed);
        assertTrue(failed.contains("Could not open /dev/net/tun"), failed);
    }

    @Test
    void startedMeansReadyInTheJournalOfThisActivation() {
        shows.add("ActiveState=active\nSubState=running\nInvocationID=b2\n");
        journals.add("tincd 1.0.36 starting, debug level 0\n");
        journals.add("tincd 1.0.36 starting, debug level 0\nReady\n");
        assertNull(tinc().start());
        assertNull(tinc().restart());
    }

    @Test
    void notReadyInTimeIsAFailureToo() {
        shows.add("ActiveState=active\nSubState=running\nInvocationID=c3\n");
        journals.add("tincd 1.0.36 starting, debug level 0\n");
        String failed = tinc().start();
        assertTrue(failed != null && failed.startsWith("tincd was not ready within 2 s"), failed);
    }
}
