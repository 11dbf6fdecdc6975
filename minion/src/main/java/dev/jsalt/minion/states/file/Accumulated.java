package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

/**
 * {@code file.accumulated}: the master collects the text into the {@code accumulator} of the file.managed template or
 * the content of the file.blockreplace whose name is {@code filename} when it compiles; on the minion the state only
 * reports it, as Salt does ("Accumulator X for file Y was charged by text", no changes).
 */
final class Accumulated implements FileFunction {
    static final Params P = Params.of("file.accumulated", "name", "filename");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) {
        Args args = fa.args();
        return Plan.inSync("Accumulator " + r.name() + " for file " + args.required("filename") + " was charged by text");
    }
}
