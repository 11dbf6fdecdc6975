package dev.jsalt.minion.states.service;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How often {@link Systemd} asks systemctl. PID 1 is not systemd on the build machines, so systemctl answers from
 * a script here; the real systemctl runs in the lab tests.
 */
class SystemdShowTest {
    private final List<String> calls = new ArrayList<>();

    private final CommandRunner systemctl = new CommandRunner() {
        @Override
        public CommandResult run(CommandSpec spec) {
            List<String> argv = spec.argv();
            calls.add(argv.get(1) + " " + argv.get(argv.size() - 1));
            String out = argv.get(1).equals("show") ? "LoadState=loaded\nActiveState=active\nUnitFileState=enabled\n" : "";
            return new CommandResult(0, out, "", false, false, Duration.ZERO);
        }
    };

    @Test
    void oneShowPerStateAndAFreshOneAfterAnAction() {
        Systemd sd = new Systemd(new RunContext(false, systemctl, Map.of()));
        sd.forget("nginx");
        assertNull(sd.missing("nginx"));
        assertTrue(sd.running("nginx"));
        assertTrue(sd.enabled("nginx"));
        assertEquals(List.of("show nginx"), calls);

        sd.control("restart", "nginx");
        assertTrue(sd.running("nginx"));
        assertEquals(List.of("show nginx", "restart nginx", "show nginx"), calls);

        sd.forget("nginx"); // the next state looks again: an earlier state may have stopped it
        assertTrue(sd.running("nginx"));
        assertEquals(4, calls.size());
    }
}
