package dev.jsalt.minion.states.git;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;

import java.util.Set;

/** Salt's {@code git} states: checkouts ({@link GitLatest}) and config values ({@link GitConfigModule}). */
public final class GitModule implements StateModule {
    /** Held here so that loading the module loads git.latest's declaration (the agreement test looks at loaded ones). */
    static final dev.jsalt.minion.state.Params LATEST = GitLatest.P;
    private final GitConfigModule config = new GitConfigModule();

    @Override
    public String name() { return "git"; }

    @Override
    public Set<String> functions() { return Set.of("latest", "config_set", "config_unset"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws Exception {
        return r.function().equals("latest") ? GitLatest.plan(Args.of(r, LATEST), ctx) : config.plan(r, ctx);
    }
}
