package dev.jsalt.minion.state;

import dev.jsalt.common.state.Resource;

import java.util.Set;

/**
 * One state module ({@code pkg}, {@code file}, {@code ufw}, ...). Each function looks at the machine, says what
 * differs, and changes it unless {@link RunContext#test()}. A second run on a converged machine must report
 * {@link dev.jsalt.common.state.Outcome#UNCHANGED} for every resource.
 */
public interface StateModule {

    /** Module name as used in SLS, e.g. {@code pkg}. */
    String name();

    /** The functions this module offers, e.g. {@code installed, latest, removed, purged}. */
    Set<String> functions();

    /**
     * Applies {@code resource} (whose {@link Resource#function()} is one of {@link #functions()}).
     * Secrets in {@code resource.args()} are already unsealed; never put them in changes or comments.
     * Throwing is allowed: the engine reports the exception message as a failure.
     */
    StateOutcome apply(Resource resource, RunContext ctx) throws Exception;

    /**
     * Reaction to a watched resource having changed (e.g. restart a service). Called after {@link #apply}
     * succeeded. Default: no reaction.
     */
    default StateOutcome onWatch(Resource resource, RunContext ctx, StateOutcome applied) throws Exception {
        return applied;
    }

    /**
     * The minion restarted while {@code resource} waited for a command (in a systemd scope of its own, so it ran on);
     * the command has ended since, as {@code finished} says. Returns the resource's outcome judged from that, or null
     * to have the engine apply the resource again. Default null: a state that looks before it acts finds the work
     * done. A module whose apply is not idempotent (cmd) must judge by the command instead of running it again.
     */
    default StateOutcome afterRestart(Resource resource, RunContext ctx, dev.jsalt.minion.exec.CommandResult finished) throws Exception {
        return null;
    }
}
