package dev.jsalt.minion.state;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.exec.ScopedCommands;

import java.io.IOException;
import java.util.Optional;

/**
 * The runner states get: a command that does not say otherwise ({@link CommandSpec.Scope#DEFAULT}) runs in a
 * transient systemd scope ({@link CommandSpec.Scope#TRANSIENT}), so a minion restart neither kills it nor loses its
 * result. Everything else is the wrapped runner's.
 */
final class StateCommands extends CommandRunner {
    private final CommandRunner inner;

    private StateCommands(CommandRunner inner) {
        super(inner.scopes());
        this.inner = inner;
    }

    static CommandRunner of(CommandRunner runner) {
        return runner instanceof StateCommands ? runner : new StateCommands(runner);
    }

    @Override
    public CommandResult run(CommandSpec spec) throws IOException {
        return inner.run(spec.scope() == CommandSpec.Scope.DEFAULT ? spec.withScope(CommandSpec.Scope.TRANSIENT) : spec);
    }

    @Override
    public ScopedCommands scopes() { return inner.scopes(); }

    @Override
    public Optional<ScopedCommands.InFlight> inFlight(Thread thread) { return inner.inFlight(thread); }
}
