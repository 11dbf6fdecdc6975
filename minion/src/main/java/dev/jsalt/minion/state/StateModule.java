package dev.jsalt.minion.state;

import dev.jsalt.common.state.Resource;

import java.util.Set;

/**
 * One state module ({@code pkg}, {@code file}, {@code ufw}, ...). Each function <b>observes</b> the machine and returns
 * a {@link Plan}: nothing to do, or the differences each with the action that fixes it. The {@link StateEngine}
 * applies the plan, unless the run is a test run; a module never knows which kind of run it is in
 * ({@link RunContext} does not tell it), so a test run cannot change anything by construction. Observing may run
 * commands that only look (dpkg-query, systemctl show, a guard). A second run on a converged machine must return
 * {@link Plan.InSync} for every resource.
 *
 * <p>Arguments are read through {@link Args} with the function's {@link Params}, which are declared against the
 * {@link dev.jsalt.common.catalog.Catalog}.
 */
public interface StateModule {

    /** Module name as used in SLS, e.g. {@code pkg}. */
    String name();

    /** The functions this module offers, e.g. {@code installed, latest, removed, purged}. */
    Set<String> functions();

    /**
     * Looks at the machine for {@code resource} (whose {@link Resource#function()} is one of {@link #functions()}) and
     * says what differs. Secrets in {@code resource.args()} are already unsealed; never put them in changes or
     * comments. Throwing is allowed: the engine reports the exception message as a failure.
     */
    Plan plan(Resource resource, RunContext ctx) throws Exception;

    /**
     * The reaction to a watched resource having changed (restart a service), given what {@link #plan} came to:
     * a plan that replaces that result (its changes should include {@code result.changes()}), or null for no
     * reaction. Called only when the resource's own plan did not fail.
     */
    default Plan onWatch(Resource resource, RunContext ctx, StateOutcome result) throws Exception {
        return null;
    }

    /**
     * The minion restarted while {@code resource} waited for a command (in a systemd scope of its own, so it ran on);
     * the command has ended since, as {@code finished} says. Returns how that went (as the action of a plan would
     * report it), or null to have the engine plan and apply the resource again. Default null: a state that looks
     * before it acts finds the work done. A module whose apply is not idempotent (cmd) must judge by the command
     * instead of running it again.
     */
    default Plan.Done afterRestart(Resource resource, RunContext ctx, dev.jsalt.minion.exec.CommandResult finished) throws Exception {
        return null;
    }
}
