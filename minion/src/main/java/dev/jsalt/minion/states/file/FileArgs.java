package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;

/** The args of one file resource with the declaration of its function. */
record FileArgs(Args args, Params params) {
    static FileArgs of(Resource r, Params p) { return new FileArgs(Args.of(r, p), p); }
}
