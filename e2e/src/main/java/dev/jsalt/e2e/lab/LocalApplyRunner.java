package dev.jsalt.e2e.lab;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the minion's local state runner inside a host:
 * {@code java -cp CP dev.jsalt.minion.state.LocalApply [--test] --state-dir /srv/jsalt/minion FILE}.
 * This tests real state modules against real daemons in a host before (or without) the master path.
 */
final class LocalApplyRunner {
    static final String MAIN = "dev.jsalt.minion.state.LocalApply";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private LocalApplyRunner() {
    }

    static ApplyResult apply(JvmCommand jvm, LabHost host, StateDocument doc, boolean test) {
        String inHost = JsaltFleet.MINION_ROOT + "-apply/" + SEQ.incrementAndGet() + ".json";
        Path file = host.hostSide(inHost);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, Json.bytes(doc));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state document for " + host.name(), e);
        }
        List<String> args = new ArrayList<>();
        if (test) args.add("--test");
        args.addAll(List.of("--state-dir", JsaltFleet.MINION_ROOT, inHost));
        ExecResult r = host.exec(jvm.argv(128, MAIN, args), TIMEOUT);
        List<StateResult> results = List.of();
        if (r.exit() == 0 || r.exit() == 2) {
            try {
                results = Json.mapper().readValue(r.stdout(), new TypeReference<List<StateResult>>() { });
            } catch (IOException e) {
                throw new LabException("host " + host.name() + ": LocalApply printed no results JSON (exit " + r.exit() + "): "
                        + r.stdout() + r.stderr(), e);
            }
        }
        return new ApplyResult(r.exit(), results, r.stdout(), r.stderr());
    }

    static StateDocument document(String minionId, List<Resource> resources) {
        return new StateDocument(minionId, "lab", resources);
    }
}
