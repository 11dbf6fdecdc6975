package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;

import java.util.Map;
import java.util.Set;

/** The {@code file} state module: managed, directory, absent, symlink, line, blockreplace. */
public final class FileModule implements StateModule {
    private final Map<String, FileFunction> functions = Map.of(
            "managed", new Managed(),
            "directory", new Directory(),
            "absent", new Absent(),
            "symlink", new Symlink(),
            "line", new Line(),
            "blockreplace", new BlockReplace());

    @Override
    public String name() { return "file"; }

    @Override
    public Set<String> functions() { return functions.keySet(); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        FileFunction f = functions.get(r.function());
        if (f == null) throw new IllegalArgumentException("file has no function " + r.function());
        return f.plan(r, FileArgs.of(r, f.params()), ctx);
    }
}
