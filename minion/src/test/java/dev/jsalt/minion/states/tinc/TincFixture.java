package dev.jsalt.minion.states.tinc;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.Res;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.SecretOpener;
import dev.jsalt.minion.state.StateEngine;
import dev.jsalt.minion.state.StateModules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A tinc module over a scratch /etc/tinc, /run and /var/log, run through the real state engine as minion {@code id}. */
final class TincFixture {
    final TincPaths paths;
    final Path root;
    private final String id;

    TincFixture(Path root, String id) throws IOException {
        this.root = root;
        this.id = id;
        this.paths = new TincPaths(Files.createDirectories(root.resolve("etc-tinc")), Files.createDirectories(root.resolve("run")),
                Files.createDirectories(root.resolve("log")));
    }

    StateResult apply(String function, boolean test, Object... kv) {
        return run(test, Res.of("tinc", function, "vpn-" + function, Res.args(kv))).get(0);
    }

    List<StateResult> run(boolean test, Resource... rs) {
        RunContext ctx = new RunContext(test, new CommandRunner(), Map.of("id", id), root.resolve("state"));
        return new StateEngine(StateModules.of(new TincModule(paths)), SecretOpener.refusing()).run(Res.doc(rs), ctx);
    }

    String read(Path p) throws IOException { return Files.readString(p); }

    static StateResult expect(Outcome o, StateResult r) {
        if (r.outcome() != o) throw new AssertionError("expected " + o + " but got " + r.outcome() + ": " + r.comment() + " " + r.changes());
        return r;
    }
}
