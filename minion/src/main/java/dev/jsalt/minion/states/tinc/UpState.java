package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.state.Plan;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code tinc.up}: tinc-up / tinc-down (mode 0755) giving the tun device this host's VPN address. */
final class UpState {
    private UpState() {
    }

    static Plan apply(TincRun run) throws IOException {
        TunnelScripts scripts;
        try {
            scripts = TunnelScripts.of(run.args().required("address"), run.args().strings("routes"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tinc.up " + run.net() + ": " + e.getMessage(), e);
        }
        FileDelta up = FileDelta.of(run.paths().tincUp(run.net()), scripts.up(), ManagedFile.SCRIPT);
        FileDelta down = FileDelta.of(run.paths().tincDown(run.net()), scripts.down(), ManagedFile.SCRIPT);
        Map<String, Object> changes = new LinkedHashMap<>();
        if (up.changed()) changes.put("tinc-up", up.describe());
        if (down.changed()) changes.put("tinc-down", down.describe());
        String what = "tinc " + run.net() + ": VPN address " + scripts.address();
        if (changes.isEmpty()) return Plan.inSync(what + " in tinc-up");
        return Plan.change(changes, what + " would be set in tinc-up", () -> {
            ManagedFile.ensureDir(run.paths().netDir(run.net()));
            up.apply();
            down.apply();
            return Plan.Done.ok(what + " set in tinc-up (applies when tincd restarts)");
        });
    }
}
