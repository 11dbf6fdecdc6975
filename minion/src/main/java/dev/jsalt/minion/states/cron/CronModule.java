package dev.jsalt.minion.states.cron;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.cron.CronTab.Env;
import dev.jsalt.minion.states.cron.CronTab.Job;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Salt's {@code cron} states on a user's crontab, read with {@code crontab -u USER -l} and written whole with
 * {@code crontab -u USER -} (the text on stdin, never a shell). The tab is read and written as Salt's cron execution
 * module does ({@link CronTab}): jobs are found by identifier (default: the command), and a job that changes is moved
 * to the end of its list, as Salt's remove-then-add does. The action reads the tab again before it writes, so an
 * edit made between planning and applying is not lost. Reference: docs/states/cron.md.
 */
public final class CronModule implements StateModule {
    static final Params PRESENT = Params.of("cron.present", "name", "user", "minute", "hour", "daymonth", "month",
            "dayweek", "comment", "commented", "identifier", "special");
    static final Params ABSENT = Params.of("cron.absent", "name", "user", "identifier", "special");
    static final Params ENV_PRESENT = Params.of("cron.env_present", "name", "value", "user");
    static final Params ENV_ABSENT = Params.of("cron.env_absent", "name", "user");

    static final Set<String> SPECIALS = Set.of("@reboot", "@yearly", "@annually", "@monthly", "@weekly", "@daily",
            "@midnight", "@hourly");
    private static final List<String> FIELDS = List.of("minute", "hour", "daymonth", "month", "dayweek");

    @Override
    public String name() { return "cron"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent", "env_present", "env_absent", "file"); }

    /** Held here so that loading the module loads cron.file's declaration (the agreement test looks at loaded ones). */
    static final Params FILE = CronFile.P;

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        return switch (r.function()) {
            case "present" -> present(r, ctx);
            case "absent" -> absent(r, ctx);
            case "env_present" -> envPresent(r, ctx);
            case "env_absent" -> envAbsent(r, ctx);
            case "file" -> CronFile.plan(Args.of(r, FILE), ctx);
            default -> throw new IllegalArgumentException("unknown function cron." + r.function());
        };
    }

    // ---------------------------------------------------------------------------------------------------- crontab I/O

    /** The user's crontab as {@code crontab -l} prints it; "" when the user has none; null when the user is unknown. */
    static String read(RunContext ctx, String user) {
        CommandResult res = ctx.run(CommandSpec.of("crontab", "-u", user, "-l").unscoped());
        if (res.ok()) return res.stdout();
        String err = res.stderr() == null ? "" : res.stderr();
        if (err.contains("no crontab for")) return "";
        if (err.contains("unknown")) return null;
        throw new IllegalStateException("crontab -u " + user + " -l failed: " + err.strip());
    }

    /** Replaces the user's crontab; null on success, else crontab's error. */
    static String write(RunContext ctx, String user, CronTab tab) { return write(ctx, user, tab.render()); }

    /** Replaces the user's crontab with {@code text}; null on success, else crontab's error. */
    static String write(RunContext ctx, String user, String text) {
        CommandResult res = ctx.run(CommandSpec.of("crontab", "-u", user, "-").withStdin(text));
        if (res.ok()) return null;
        String err = ((res.stderr() == null ? "" : res.stderr()) + (res.stdout() == null ? "" : res.stdout())).strip();
        return err.isEmpty() ? "crontab exited with " + res.exitCode() : err;
    }

    private static String user(Args a) {
        String user = a.string("user", "root");
        if (user.isEmpty() || !user.matches("[A-Za-z0-9_.][A-Za-z0-9_.@-]*\\$?")) throw a.bad("user", "is not a user name: '" + user + "'");
        return user;
    }

    /** Observes the tab; a missing user is an assumption (an earlier state may create it), the tab then empty. */
    private record Observed(CronTab tab, String missingUser) {
        Plan.Changes assume(Plan.Changes p) {
            return missingUser == null ? p : p.assuming("user " + missingUser + " does not exist");
        }
    }

    private static Observed observe(RunContext ctx, String user) {
        String text = read(ctx, user);
        return new Observed(CronTab.parse(text == null ? "" : text), text == null ? user : null);
    }

    /** The tab again, for an action; a user still unknown is an error. */
    private static CronTab reread(RunContext ctx, String user) {
        String text = read(ctx, user);
        if (text == null) throw new IllegalStateException("user " + user + " does not exist");
        return CronTab.parse(text);
    }

    // ---------------------------------------------------------------------------------------------------- jobs

    /** What cron.present wants, with Salt's normalisation: fields lowercased, identifier defaulting to the command. */
    record Want(String user, String cmd, String identifier, String special, Map<String, String> fields, String comment,
                boolean commented) {
    }

    private static Want want(Args a) {
        String cmd = a.name().strip();
        if (cmd.isEmpty() || cmd.contains("\n")) throw a.bad("name", "must be a one-line command");
        String user = user(a);
        String identifier = identifier(a, cmd);
        String special = a.string("special").orElse(null);
        if (special != null && !SPECIALS.contains(special)) {
            throw a.bad("special", "must be one of " + new java.util.TreeSet<>(SPECIALS) + ", got '" + special + "'");
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (String f : FIELDS) {
            String v = a.string(f, "*").toLowerCase(Locale.ROOT).strip();
            if (v.isEmpty() || v.chars().anyMatch(Character::isWhitespace)) throw a.bad(f, "must be one cron field without spaces, got '" + v + "'");
            if (v.matches("\\d+:\\d+")) throw a.bad(f, "a random range (" + v + ") is not supported; use random or a value");
            fields.put(f, v);
        }
        String comment = a.string("comment").orElse(null);
        return new Want(user, cmd, identifier, special, fields, comment, a.bool("commented", false));
    }

    private static String identifier(Args a, String cmd) {
        Object raw = a.raw("identifier");
        if (raw == null || Boolean.FALSE.equals(raw) || "false".equalsIgnoreCase(raw.toString())) return cmd;
        if (raw instanceof Map || raw instanceof List) throw a.bad("identifier", "must be a string");
        String id = raw.toString();
        if (id.contains("\n")) throw a.bad("identifier", "must be one line");
        return id;
    }

    private static Job find(List<Job> jobs, String cmd, String identifier) {
        for (Job j : jobs) if (CronTab.matched(j, cmd, identifier)) return j;
        return null;
    }

    /** Salt's _check_cron: does the matched job differ from what is wanted? */
    private static boolean differs(Job j, Want w) {
        if (w.special() == null) {
            if (CronTab.needsChange(j.minute(), w.fields().get("minute"))
                    || CronTab.needsChange(j.hour(), w.fields().get("hour"))
                    || CronTab.needsChange(j.daymonth(), w.fields().get("daymonth"))
                    || CronTab.needsChange(j.month(), w.fields().get("month"))
                    || CronTab.needsChange(j.dayweek(), w.fields().get("dayweek"))) return true;
        } else if (CronTab.needsChange(j.spec(), w.special())) {
            return true;
        }
        return CronTab.needsChange(j.identifier(), w.identifier()) || CronTab.needsChange(j.cmd(), w.cmd())
                || CronTab.needsChange(j.comment(), w.comment()) || CronTab.needsChange(j.commented(), w.commented());
    }

    /** A field's value for the job written: the old one where nothing needs to change, a random pick for a new random. */
    private static String field(Job old, String f, String want) {
        String was = old == null ? null : switch (f) {
            case "minute" -> old.minute();
            case "hour" -> old.hour();
            case "daymonth" -> old.daymonth();
            case "month" -> old.month();
            default -> old.dayweek();
        };
        if (was != null && !CronTab.needsChange(was, want)) return was;
        if (!want.equals("random")) return want;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        return Integer.toString(switch (f) {
            case "minute" -> rnd.nextInt(60);
            case "hour" -> rnd.nextInt(24);
            case "month" -> rnd.nextInt(1, 13);
            case "dayweek" -> rnd.nextInt(7);
            default -> rnd.nextInt(1, 29);
        });
    }

    /** Outcome of applying a Want to a tab: the new tab, whether the job was new, and whether a duplicate went. */
    record Edit(CronTab tab, boolean added, boolean updated, boolean duplicateRemoved) {
        boolean any() { return added || updated || duplicateRemoved; }
    }

    /** Salt's present: the matching job of the other kind goes; the job is added, or replaced (at the end) if it differs. */
    static Edit apply(CronTab tab, Want w) {
        List<Job> mine = w.special() == null ? tab.crons : tab.specials;
        List<Job> other = w.special() == null ? tab.specials : tab.crons;
        Job dup = find(other, w.cmd(), w.identifier());
        if (dup != null) other.remove(dup);
        Job old = find(mine, w.cmd(), w.identifier());
        if (old != null && !differs(old, w)) return new Edit(tab, false, false, dup != null);
        if (old != null) mine.remove(old);
        Job job;
        String comment = old != null && !CronTab.needsChange(old.comment(), w.comment()) ? old.comment() : w.comment();
        if (w.special() == null) {
            job = new Job(null, field(old, "minute", w.fields().get("minute")), field(old, "hour", w.fields().get("hour")),
                    field(old, "daymonth", w.fields().get("daymonth")), field(old, "month", w.fields().get("month")),
                    field(old, "dayweek", w.fields().get("dayweek")), w.cmd(), w.identifier(), comment, w.commented());
        } else {
            job = new Job(w.special(), null, null, null, null, null, w.cmd(), w.identifier(), comment, w.commented());
        }
        mine.add(job);
        return new Edit(tab, old == null, old != null, dup != null);
    }

    private Plan present(Resource r, RunContext ctx) {
        Args a = Args.of(r, PRESENT);
        Want w = want(a);
        Observed o = observe(ctx, w.user());
        Edit e = apply(o.tab(), w);
        if (!e.any()) return Plan.inSync("Cron " + w.cmd() + " already present");
        String would = e.added() && !e.duplicateRemoved() ? "Cron " + w.cmd() + " is set to be added"
                : "Cron " + w.cmd() + " is set to be updated";
        Map<String, Object> changes = Map.of(w.user(), w.cmd());
        return o.assume(Plan.change(changes, would, () -> {
            Edit now = apply(reread(ctx, w.user()), w);
            if (!now.any()) return Plan.Done.same("Cron " + w.cmd() + " already present");
            String err = write(ctx, w.user(), now.tab());
            if (err != null) return Plan.Done.failed(Map.of(), "Cron " + w.cmd() + " for user " + w.user() + " failed to commit with error \n" + err);
            if (now.added() && !now.duplicateRemoved()) return Plan.Done.ok(changes, "Cron " + w.cmd() + " added to " + w.user() + "'s crontab");
            if (now.added()) return Plan.Done.ok(changes, "Cron " + w.cmd() + " time specification changed");
            if (now.updated()) return Plan.Done.ok(changes, "Cron " + w.cmd() + " updated");
            return Plan.Done.ok(changes, "Duplicate Cron " + w.cmd() + " removed");
        }));
    }

    /** Salt's rm_job / rm_special: the first job matching (of the special keyword given, if one is). */
    static Job removable(CronTab tab, String cmd, String identifier, String special) {
        if (special == null) return find(tab.crons, cmd, identifier);
        for (Job j : tab.specials) if (CronTab.matched(j, cmd, identifier) && special.equals(j.spec())) return j;
        return null;
    }

    private Plan absent(Resource r, RunContext ctx) {
        Args a = Args.of(r, ABSENT);
        String cmd = a.name().strip();
        String user = user(a);
        String identifier = identifier(a, cmd);
        String special = a.string("special").orElse(null);
        String text = read(ctx, user);
        if (text == null || removable(CronTab.parse(text), cmd, identifier, special) == null) {
            return Plan.inSync("Cron " + cmd + " already absent");
        }
        Map<String, Object> changes = Map.of(user, cmd);
        return Plan.change(changes, "Cron " + cmd + " is set to be removed", () -> {
            CronTab tab = reread(ctx, user);
            Job j = removable(tab, cmd, identifier, special);
            if (j == null) return Plan.Done.same("Cron " + cmd + " already absent");
            (special == null ? tab.crons : tab.specials).remove(j);
            String err = write(ctx, user, tab);
            if (err != null) return Plan.Done.failed(Map.of(), "Cron " + cmd + " for user " + user + " failed to commit with error " + err);
            return Plan.Done.ok(changes, "Cron " + cmd + " removed from " + user + "'s crontab");
        });
    }

    // ---------------------------------------------------------------------------------------------------- variables

    /** A variable's value as compared: Salt writes an empty or missing value as "", which reads back as the two quotes. */
    private static String envValue(String v) { return v == null || v.equals("\"\"") ? "" : v; }

    private static Env findEnv(CronTab tab, String name) {
        for (Env e : tab.env) if (e.name().equals(name)) return e;
        return null;
    }

    private static void checkEnvName(Args a, String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw a.bad("name", "is not a variable name: '" + name + "'");
    }

    private Plan envPresent(Resource r, RunContext ctx) {
        Args a = Args.of(r, ENV_PRESENT);
        String name = a.name();
        checkEnvName(a, name);
        String user = user(a);
        String value = envValue(a.string("value").orElse(null));
        if (value.contains("\n")) throw a.bad("value", "must be one line");
        Observed o = observe(ctx, user);
        Env e = findEnv(o.tab(), name);
        if (e != null && envValue(e.value()).equals(value)) return Plan.inSync("Cron env " + name + " already present");
        Map<String, Object> changes = Map.of(user, name);
        return o.assume(Plan.change(changes, "Cron env " + name + (e == null ? " is set to be added" : " is set to be updated"), () -> {
            CronTab tab = reread(ctx, user);
            Env old = findEnv(tab, name);
            if (old != null && envValue(old.value()).equals(value)) return Plan.Done.same("Cron env " + name + " already present");
            if (old != null) tab.env.remove(old);
            tab.env.add(new Env(name, value));
            String err = write(ctx, user, tab);
            if (err != null) return Plan.Done.failed(Map.of(), "Cron env " + name + " for user " + user + " failed to commit with error \n" + err);
            return Plan.Done.ok(changes, old == null ? "Cron env " + name + " added to " + user + "'s crontab" : "Cron env " + name + " updated");
        }));
    }

    private Plan envAbsent(Resource r, RunContext ctx) {
        Args a = Args.of(r, ENV_ABSENT);
        String name = a.name().strip();
        String user = user(a);
        String text = read(ctx, user);
        if (text == null || findEnv(CronTab.parse(text), name) == null) return Plan.inSync("Cron env " + name + " already absent");
        Map<String, Object> changes = Map.of(user, name);
        return Plan.change(changes, "Cron env " + name + " is set to be removed", () -> {
            CronTab tab = reread(ctx, user);
            boolean removed = tab.env.removeIf(e -> e.name().equals(name));
            if (!removed) return Plan.Done.same("Cron env " + name + " already absent");
            String err = write(ctx, user, tab);
            if (err != null) return Plan.Done.failed(Map.of(), "Cron env " + name + " for user " + user + " failed to commit with error " + err);
            return Plan.Done.ok(changes, "Cron env " + name + " removed from " + user + "'s crontab");
        });
    }
}
