package dev.jsalt.minion.states.sys;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records every command and answers with {@code answer} (exit 0, empty output when it returns null): no process runs. */
public final class FakeRunner extends CommandRunner {
    public final List<String> ran = new ArrayList<>();
    private final Function<List<String>, CommandResult> answer;

    public FakeRunner(Function<List<String>, CommandResult> answer) { this.answer = answer; }

    public FakeRunner() { this(argv -> null); }

    public static CommandResult ok(String stdout) { return new CommandResult(0, stdout, "", false, false, java.time.Duration.ZERO); }

    public static CommandResult fail(String stderr) { return new CommandResult(1, "", stderr, false, false, java.time.Duration.ZERO); }

    @Override
    public CommandResult run(CommandSpec spec) {
        ran.add(String.join(" ", spec.argv()));
        CommandResult r = answer.apply(spec.argv());
        return r != null ? r : ok("");
    }
}
