package dev.jsalt.minion.states.sys;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.Res;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.StateOutcome;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One resource of a module applied as the engine would, in a fresh run (test or real). */
public final class Apply {
    private final StateModule module;
    private final CommandRunner runner;
    private final Path stateDir;

    public Apply(StateModule module, CommandRunner runner, Path stateDir) {
        this.module = module;
        this.runner = runner;
        this.stateDir = stateDir;
    }

    public StateOutcome run(String function, String name, boolean test, Object... kv) throws Exception {
        return Res.apply(module, Res.of(module.name(), function, name, Res.args(kv)), new RunContext(test, runner, Map.of(), stateDir));
    }

    public StateOutcome expect(Outcome want, String function, String name, boolean test, Object... kv) throws Exception {
        StateOutcome o = run(function, name, test, kv);
        assertEquals(want, o.outcome(), () -> function + " " + name + ": " + o.comment() + " " + o.changes());
        return o;
    }
}
