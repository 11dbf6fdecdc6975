package dev.jsalt.minion.states.git;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.exec.RunAs;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Salt's {@code git.config_set} and {@code git.config_unset}: values of a repository's config ({@code repo}) or of
 * a user's global config ({@code global: true}), read and written with {@code git config}, run as {@code user} when
 * given (so HOME and the files' owner are the user's). Reference: docs/states/git.md.
 */
public final class GitConfigModule implements StateModule {
    static final Params SET = Params.of("git.config_set", "name", "value", "multivar", "repo", "user", "global");
    static final Params UNSET = Params.of("git.config_unset", "name", "value_regex", "repo", "user", "global", "all");

    @Override
    public String name() { return "git"; }

    @Override
    public Set<String> functions() { return Set.of("config_set", "config_unset"); }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        return r.function().equals("config_set") ? set(r, ctx) : unset(r, ctx);
    }

    /** Where and as whom git config runs. */
    record Scope(boolean global, Path repo, String user) {
        /** {@code git config} with the scope's file option, then {@code args}. */
        CommandSpec spec(List<String> args) {
            List<String> argv = new ArrayList<>(List.of("git", "config"));
            Path cwd = null;
            if (global) {
                argv.add("--global");
            } else if (Files.isDirectory(repo.resolve(".git"))) {
                argv.addAll(List.of("--file", repo.resolve(".git/config").toString()));
            } else if (Files.isRegularFile(repo.resolve("HEAD")) && Files.isDirectory(repo.resolve("objects"))) {
                argv.addAll(List.of("--file", repo.resolve("config").toString())); // a bare repository
            } else {
                argv.add("--local");
                cwd = repo;
            }
            argv.addAll(args);
            CommandSpec s = CommandSpec.of(argv);
            if (cwd != null) s = s.withCwd(cwd);
            return user == null ? s : RunAs.as(user, s);
        }

        String label() { return global ? "Global key " : ""; }
    }

    /** The scope, or a reason it cannot be looked at yet (missing user or git: an earlier state may provide them). */
    private static Object scope(Args a) {
        boolean global = a.bool("global", false);
        String repo = a.string("repo").orElse(null);
        if (!global && repo == null) throw new IllegalArgumentException("Non-global config options require the 'repo' argument to be set");
        if (repo != null && !Path.of(repo).isAbsolute()) throw a.bad("repo", "must be an absolute path");
        String user = a.string("user").orElse(null);
        if (user != null && RunAs.lookup(user).isEmpty()) return "user " + user + " does not exist";
        if (!installed()) return "git is not installed";
        if (!global && !Files.isDirectory(Path.of(repo))) return "repository " + repo + " does not exist";
        return new Scope(global, repo == null ? null : Path.of(repo), user);
    }

    static boolean installed() {
        for (String d : List.of("/usr/bin", "/usr/local/bin", "/bin")) if (Files.isExecutable(Path.of(d, "git"))) return true;
        return false;
    }

    private static CommandResult git(RunContext ctx, Scope s, List<String> args, boolean readOnly) {
        CommandSpec spec = s.spec(args);
        return ctx.run(readOnly ? spec.unscoped() : spec);
    }

    /** Every value of the key, or null if it has none (Salt's git.config_get with all=True). */
    static List<String> values(RunContext ctx, Scope s, String key) {
        CommandResult r = git(ctx, s, List.of("--null", "--get-all", key), true);
        if (r.exitCode() == 1 && !r.timedOut()) return null;
        if (!r.ok()) throw new IllegalStateException("git config --get-all " + key + " failed: " + r.stderr().strip());
        return split(r.stdout());
    }

    private static List<String> split(String nulSeparated) {
        List<String> out = new ArrayList<>();
        for (String v : nulSeparated.split("\0", -1)) out.add(v);
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    /** key → its values, for keys matching the regex (and values matching valueRegex); Salt's config_get_regexp. */
    static Map<String, List<String>> matching(RunContext ctx, Scope s, String keyRegex, String valueRegex) {
        List<String> args = new ArrayList<>(List.of("--null", "--get-regexp", keyRegex));
        if (valueRegex != null) args.add(valueRegex);
        CommandResult r = git(ctx, s, args, true);
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (r.exitCode() == 1 && !r.timedOut()) return m;
        if (!r.ok()) throw new IllegalStateException("git config --get-regexp " + keyRegex + " failed: " + r.stderr().strip());
        for (String entry : split(r.stdout())) {
            int nl = entry.indexOf('\n');
            String k = nl < 0 ? entry : entry.substring(0, nl);
            String v = nl < 0 ? "" : entry.substring(nl + 1);
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return m;
    }

    /** Python's repr of a list of strings, as Salt's comments print a multivar. */
    static String repr(List<String> l) {
        List<String> q = new ArrayList<>();
        for (String s : l) q.add("'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'");
        return "[" + String.join(", ", q) + "]";
    }

    private Plan set(Resource r, RunContext ctx) {
        Args a = Args.of(r, SET);
        String name = a.name();
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) throw a.bad("name", "is not a config key: '" + name + "'");
        if (a.has("value") && a.has("multivar")) throw new IllegalArgumentException("Only one of 'value' and 'multivar' is permitted");
        List<String> desired;
        String shown;
        if (a.has("multivar")) {
            Object raw = a.raw("multivar");
            desired = raw instanceof List<?> ? a.strings("multivar") : List.of(raw.toString().split(",", -1));
            shown = repr(desired);
        } else {
            String v = a.string("value").orElseThrow(() -> a.bad("value", "or multivar is required"));
            desired = List.of(v);
            shown = "'" + v + "'";
        }
        if (desired.isEmpty()) throw a.bad("multivar", "must not be empty");
        Object sc = scope(a);
        boolean global = a.bool("global", false);
        String label = global ? "Global key " : "";
        List<String> pre = sc instanceof Scope s ? values(ctx, s, name) : null;
        if (desired.equals(pre)) return Plan.inSync(label + "'" + name + "' is already set to " + shown);
        Map<String, Object> would = new LinkedHashMap<>();
        would.put("old", pre);
        would.put("new", desired);
        Plan.Changes p = Plan.change(would, label + "'" + name + "' would be " + (pre == null ? "added as" : "set to") + " " + shown, () -> {
            Object now = scope(a);
            if (!(now instanceof Scope s)) return Plan.Done.failed(Map.of(), now.toString());
            List<String> before = values(ctx, s, name);
            CommandResult res = git(ctx, s, List.of("--replace-all", name, desired.get(0)), false);
            for (int i = 1; res.ok() && i < desired.size(); i++) res = git(ctx, s, List.of("--add", name, desired.get(i)), false);
            if (!res.ok()) {
                return Plan.Done.failed(Map.of(), "Failed to set " + label.toLowerCase() + "'" + name + "' to " + shown + ": " + res.stderr().strip());
            }
            List<String> post = values(ctx, s, name);
            Map<String, Object> changes = new LinkedHashMap<>();
            if (!java.util.Objects.equals(before, post)) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("old", before);
                c.put("new", post);
                changes.put(name, c);
            }
            if (!desired.equals(post)) return Plan.Done.failed(changes, "Failed to set " + label.toLowerCase() + "'" + name + "' to " + shown);
            return Plan.Done.ok(changes, label + "'" + name + "' was " + (before == null ? "added as" : "set to") + " " + shown);
        });
        return sc instanceof String why ? p.assuming(why) : p;
    }

    private Plan unset(Resource r, RunContext ctx) {
        Args a = Args.of(r, UNSET);
        String name = a.name();
        if (name.isBlank()) throw a.bad("name", "must not be empty");
        String valueRegex = a.string("value_regex").orElse(null);
        boolean all = a.bool("all", false);
        String key = "^" + strip(name) + "$";
        Object sc = scope(a);
        if (!(sc instanceof Scope s)) return Plan.inSync("No matching keys are set (" + sc + ")");
        Map<String, List<String>> pre = matching(ctx, s, key, valueRegex);
        if (pre.isEmpty()) return Plan.inSync("No matching keys are set");
        if (!all) {
            List<String> greedy = new ArrayList<>();
            pre.forEach((k, v) -> { if (v.size() > 1) greedy.add(k + " (" + String.join(", ", v) + ")"); });
            if (!greedy.isEmpty()) {
                return Plan.failed(valueRegex != null
                        ? "Multiple values are matched by value_regex for the following keys (set 'all' to True to force removal): " + String.join("; ", greedy)
                        : "Multivar(s) matched by the key expression (set 'all' to True to force removal): " + String.join("; ", greedy));
            }
        }
        Map<String, Object> would = new LinkedHashMap<>(pre);
        return Plan.change(would, pre.size() + " key(s) would have value(s) unset", () -> {
            Map<String, List<String>> before = matching(ctx, s, key, null);
            Map<String, List<String>> targets = matching(ctx, s, key, valueRegex);
            List<String> failed = new ArrayList<>();
            for (String k : targets.keySet()) {
                List<String> args = new ArrayList<>(List.of(all ? "--unset-all" : "--unset", k));
                if (valueRegex != null) args.add(valueRegex);
                CommandResult res = git(ctx, s, args, false);
                if (!res.ok()) failed.add(k);
            }
            Map<String, List<String>> after = matching(ctx, s, key, null);
            Map<String, Object> changes = new LinkedHashMap<>();
            before.forEach((k, vals) -> {
                List<String> left = after.getOrDefault(k, List.of());
                List<String> gone = vals.stream().filter(v -> !left.contains(v)).toList();
                if (!gone.isEmpty()) changes.put(k, gone);
            });
            if (!failed.isEmpty()) {
                return Plan.Done.failed(changes, "Error(s) occurred unsetting values for the following keys: " + String.join(", ", failed));
            }
            Map<String, List<String>> still = matching(ctx, s, key, valueRegex);
            if (!still.isEmpty()) {
                List<String> f = new ArrayList<>();
                still.forEach((k, v) -> f.add(k + " (" + String.join(", ", v) + ")"));
                return Plan.Done.failed(changes, "Failed to unset value(s): " + String.join("; ", f));
            }
            return Plan.Done.ok(changes, "Value(s) successfully unset");
        });
    }

    private static String strip(String name) {
        String n = name;
        while (n.startsWith("^")) n = n.substring(1);
        while (n.endsWith("$")) n = n.substring(0, n.length() - 1);
        return n;
    }
}
