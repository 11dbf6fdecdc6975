package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateOutcome;

/** One function of the file module. */
interface FileFunction {
    StateOutcome apply(Resource r, Args args, RunContext ctx) throws Exception;
}
