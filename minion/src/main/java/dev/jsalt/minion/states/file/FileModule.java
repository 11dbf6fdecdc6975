package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;

import java.util.Map;
import java.util.Set;

/** The {@code file} state module. */
public final class FileModule implements StateModule {
    private final Map<String, FileFunction> functions = Map.ofEntries(
            Map.entry("managed", new Managed()),
            Map.entry("directory", new Directory()),
            Map.entry("absent", new Absent()),
            Map.entry("symlink", new Symlink()),
            Map.entry("line", new Line()),
            Map.entry("blockreplace", new BlockReplace()),
            Map.entry("replace", new Replace()),
            Map.entry("append", new AppendPrepend(false)),
            Map.entry("prepend", new AppendPrepend(true)),
            Map.entry("comment", new CommentLines(true)),
            Map.entry("uncomment", new CommentLines(false)),
            Map.entry("keyvalue", new KeyValue()),
            Map.entry("serialize", new Serialize()),
            Map.entry("recurse", new Recurse()),
            Map.entry("accumulated", new Accumulated()),
            Map.entry("touch", new Touch()));

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
