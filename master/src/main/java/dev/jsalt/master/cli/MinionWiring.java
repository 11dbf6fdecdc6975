package dev.jsalt.master.cli;

import dev.jsalt.minion.MinionDaemon;

/** Registers the functions that live outside the minion's base table (state runs, module check functions). */
public final class MinionWiring {
    private MinionWiring() {
    }

    public static void register(MinionDaemon d) {
        // state.apply and module check functions are registered here as the state engine lands.
    }
}
