package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

/** One function of the file module: looks at the path and plans. */
interface FileFunction {
    /** What it reads (declared against the catalog). */
    Params params();

    Plan plan(Resource r, FileArgs args, RunContext ctx) throws Exception;
}
