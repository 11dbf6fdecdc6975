package dev.jsalt.minion.states.ufw;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One ufw state function call: the run's cached host state and plan, the resource's args, and ufw itself. */
final class UfwRun {
    final Resource resource;
    final RunContext ctx;
    private final UfwPaths paths;

    UfwRun(Resource resource, RunContext ctx, UfwPaths paths) {
        this.resource = resource;
        this.ctx = ctx;
        this.paths = paths;
    }

    /** The host's ufw configuration, read once per run and re-read only after a ufw command changed it. */
    UfwState host() {
        return ctx.memo(UfwModule.STATE_KEY, () -> {
            try {
                return new UfwStateReader(paths).read();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ufw state: " + e.getMessage(), e);
            }
        });
    }

    UfwPlan plan() { return ctx.memo(UfwPlan.MEMO_KEY, UfwPlan::new); }

    /** Kind of the promises of ufw.rule plans: the rules they add. */
    static final String PENDING_RULES = "ufw.rules";

    /** Rules earlier states of a test run would have added (none in a real run: they were added). */
    List<UfwRule> pendingRules() {
        List<UfwRule> out = new ArrayList<>();
        for (Object o : ctx.pending(PENDING_RULES)) out.add((UfwRule) o);
        return out;
    }

    UfwCommands ufw() { return new UfwCommands(paths, ctx); }

    ConntrackSeed conntrackSeed() { return new ConntrackSeed(paths, ctx); }

    String where() { return resource.fun() + " '" + resource.id() + "'"; }

    Map<String, Object> args() { return resource.args(); }

    /** Rejects args the function does not know: a typo in a firewall state must not pass silently. */
    void allowArgs(Set<String> known) {
        for (String k : args().keySet()) {
            if (!known.contains(k) && !RuleDeclaration.GLOBAL.contains(k) && !k.startsWith("__")) {
                throw bad(k, "is not an argument of " + resource.fun() + " (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    boolean bool(String key, boolean dflt) {
        Object v = args().get(key);
        if (v == null) return dflt;
        Boolean b = Args.truth(v);
        if (b == null) throw bad(key, "must be true or false, got '" + v + "'");
        return b;
    }

    int port(String key, int dflt) {
        Object v = args().get(key);
        if (v == null) return dflt;
        try {
            int p = Integer.parseInt(v.toString().trim());
            if (p >= 1 && p <= 65535) return p;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw bad(key, "must be a port number, got '" + v + "'");
    }

    LockoutGuard guard() {
        return new LockoutGuard(port("ssh_port", LockoutGuard.DEFAULT_SSH_PORT),
                port("master_port", LockoutGuard.DEFAULT_MASTER_PORT));
    }

    IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("argument '" + key + "' of " + where() + " " + why);
    }

    /** Rule descriptions for {@code changes}, e.g. {@code added: [allow in ... (v4), ...]}. */
    static void put(Map<String, Object> changes, String key, List<UfwRule> rules) {
        if (rules.isEmpty()) return;
        List<String> text = new ArrayList<>();
        rules.forEach(r -> text.add(r.describe()));
        changes.put(key, text);
    }

    static Map<String, Object> oldNew(Object old, Object now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("old", old);
        m.put("new", now);
        return m;
    }
}
