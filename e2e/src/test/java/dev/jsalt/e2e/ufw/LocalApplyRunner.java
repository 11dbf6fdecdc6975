package dev.jsalt.e2e.ufw;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabException;
import dev.jsalt.e2e.lab.LabHost;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a state document inside a lab host with {@code LocalApply} (the minion's engine and modules, no master),
 * so every ufw call and file read happens in that host's namespaces.
 */
final class LocalApplyRunner {
    private LocalApplyRunner() {
    }

    static List<StateResult> apply(Lab lab, LabHost host, StateDocument doc, boolean test) {
        List<String> args = new ArrayList<>(List.of("--state-dir", "/srv/jsalt/minion"));
        if (test) args.add("--test");
        args.add("-");
        ExecResult r = host.exec(lab.jvm().argv(160, "dev.jsalt.minion.state.LocalApply", args),
                Duration.ofSeconds(120), Json.bytes(doc));
        // 0: all fine, 2: some resource failed (the results say which); anything else is a broken run
        if (r.exit() != 0 && r.exit() != 2) r.orThrow("LocalApply in " + host.name());
        String out = r.stdout().strip();
        try {
            return Json.mapper().readValue(out.substring(out.indexOf('[')), new TypeReference<List<StateResult>>() { });
        } catch (IOException | StringIndexOutOfBoundsException e) {
            throw new LabException("LocalApply in " + host.name() + " printed no results: " + out + r.stderr());
        }
    }
}
