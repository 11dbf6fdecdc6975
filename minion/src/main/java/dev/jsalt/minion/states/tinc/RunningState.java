package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.StateOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tinc.running}: tincd runs for the network. A watched change reloads it with SIGHUP when only host files or
 * ConnectTo lines changed, and restarts it when something a SIGHUP does not apply changed ({@link StartedWith}).
 */
final class RunningState {
    private static final Logger log = LoggerFactory.getLogger(RunningState.class);
    static final String KEY = "tincd";

    private RunningState() {
    }

    static Plan apply(TincRun run) throws IOException {
        String net = run.net();
        if (!Files.isRegularFile(run.paths().conf(net))) {
            return Plan.change(Map.of(KEY, "started"), "tincd for " + net + " would be started once tinc.conf exists",
                    () -> Plan.Done.failed("tinc " + net + ": no " + run.paths().conf(net) + " (declare tinc.network first)"))
                    .assuming("tinc " + net + ": no " + run.paths().conf(net) + " (declare tinc.network first)");
        }
        TincService svc = TincService.forNet(net, run.paths(), run.ctx());
        boolean running = svc.running();
        Boolean enabled = svc.enabled();
        if (running && (enabled == null || enabled)) {
            return Plan.inSync("tincd for " + net + " is running (" + svc.describe() + ")");
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put(KEY, running ? "enabled" : "started");
        return Plan.change(changes, "tincd for " + net + " would be " + changes.get(KEY), () -> {
            String failed = svc.start();
            if (failed != null) return Plan.Done.failed("tincd for " + net + " failed to start: " + failed);
            if (!running) StartedWith.record(run.paths(), net);
            return Plan.Done.ok("tincd for " + net + " " + changes.get(KEY) + " (" + svc.describe() + ")");
        });
    }

    static Plan onWatch(TincRun run, StateOutcome applied) {
        if ("started".equals(applied.changes().get(KEY))) return null; // it already read the new config
        String net = run.net();
        Map<String, Object> would = new LinkedHashMap<>(applied.changes());
        would.put(KEY, "reloaded");
        return Plan.change(would, "tincd for " + net + " would be reloaded (restarted if Name, Interface, "
                + "Mode, Port, its own Subnet or tinc-up changed)", () -> {
            Map<String, Object> changes = new LinkedHashMap<>(applied.changes());
            TincService svc = TincService.forNet(net, run.paths(), run.ctx());
            Optional<String> was = StartedWith.recorded(run.paths(), net);
            String now = StartedWith.current(run.paths(), net);
            boolean restart = was.isEmpty() || !was.get().equals(now);
            String failed = restart ? svc.restart() : svc.reload();
            String done = restart ? "restarted" : "reloaded";
            if (failed != null) return Plan.Done.failed(changes, "tincd for " + net + " could not be " + done + ": " + failed);
            if (restart) StartedWith.record(run.paths(), net);
            log.debug("tincd for {} {} ({})", net, done, was.isEmpty() ? "no record of its start config" : restart ? "start config changed" : "hosts or ConnectTo changed");
            changes.put(KEY, done);
            return Plan.Done.ok(changes, "tincd for " + net + " " + done + (restart
                    ? (was.isEmpty() ? " (not started by jsalt: its config is unknown)" : " (interface, mode, port, own subnet or tinc-up changed)")
                    : " (hosts or ConnectTo changed)"));
        });
    }
}
