package dev.jsalt.minion.states.alias;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.states.sys.TextFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salt's {@code alias.present} / {@code alias.absent}: {@code alias: target} lines of /etc/aliases, read with Salt's
 * pattern; after a change {@code /usr/bin/newaliases} runs if it exists, as Salt's aliases module does. Only the
 * alias's own lines are touched: the first is replaced (keeping its trailing comment), later ones for the same alias
 * go, every other line stays as it is. Reference: docs/states/alias.md.
 */
public final class AliasModule implements StateModule {
    static final Params PRESENT = Params.of("alias.present", "name", "target");
    static final Params ABSENT = Params.of("alias.absent", "name");
    /** Salt's aliases.__ALIAS_RE: alias, target, trailing comment. */
    static final Pattern LINE = Pattern.compile("([^:#]*)\\s*:?\\s*([^#]*?)(\\s+#.*|$)");

    private final Path file;
    private final Path newaliases;

    public AliasModule() { this(Path.of("/etc/aliases"), Path.of("/usr/bin/newaliases")); }

    /** A module editing {@code file} and running {@code newaliases} (when it exists) after a change (tests). */
    AliasModule(Path file, Path newaliases) {
        this.file = file;
        this.newaliases = newaliases;
    }

    @Override
    public String name() { return "alias"; }

    @Override
    public Set<String> functions() { return Set.of("present", "absent"); }

    /** An alias line's alias, target and trailing comment; null for a line that is not one (comments, blank lines). */
    record Entry(String alias, String target, String comment) {
    }

    static Entry entry(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.lookingAt() || !m.group(0).equals(line)) return null;
        String alias = m.group(1).strip();
        String target = m.group(2);
        if (alias.isEmpty() || target.isEmpty()) return null;
        return new Entry(alias, target, m.group(3));
    }

    /** The alias's target as Salt's aliases.get_target sees it (its last line), or null. */
    static String target(String text, String alias) {
        String t = null;
        for (String line : TextFile.lines(text)) {
            Entry e = entry(line);
            if (e != null && e.alias().equals(alias)) t = e.target();
        }
        return t;
    }

    /** The text with the alias set to {@code target} (null: removed). */
    static String edited(String text, String alias, String target) {
        List<String> out = new ArrayList<>();
        boolean done = false;
        for (String line : TextFile.lines(text)) {
            Entry e = entry(line);
            if (e == null || !e.alias().equals(alias)) {
                out.add(line);
            } else if (target != null && !done) {
                out.add(alias + ": " + target + e.comment());
                done = true;
            }
        }
        if (target != null && !done) out.add(alias + ": " + target);
        return TextFile.join(out);
    }

    private static String checkedName(Args a) {
        String name = a.name();
        if (name.isBlank() || name.contains(":") || name.contains("#") || name.contains("\n")) {
            throw a.bad("name", "is not an alias: '" + name + "'");
        }
        return name;
    }

    @Override
    public Plan plan(Resource r, RunContext ctx) throws IOException {
        return r.function().equals("present") ? present(r, ctx) : absent(r, ctx);
    }

    private Plan present(Resource r, RunContext ctx) throws IOException {
        Args a = Args.of(r, PRESENT);
        String name = checkedName(a);
        Object raw = a.raw("target");
        String target;
        if (raw instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) parts.add(String.valueOf(o));
            target = String.join(", ", parts);
        } else if (raw == null || raw instanceof Map) {
            throw a.bad("target", "must be an address or a list of them");
        } else {
            target = raw.toString();
        }
        if (target.isBlank()) throw a.bad("target", "can not be an empty string");
        if (target.contains("\n") || target.contains("#")) throw a.bad("target", "must be one line without #");
        if (target.equals(target(TextFile.read(file), name))) return Plan.inSync("Alias " + name + " already present");
        Map<String, Object> changes = Map.of("alias", name);
        return Plan.change(changes, "Alias " + name + " -> " + target + " is set to be added", () -> {
            String now = TextFile.read(file);
            if (target.equals(target(now, name))) return Plan.Done.same("Alias " + name + " already present");
            write(ctx, edited(now, name, target));
            return Plan.Done.ok(changes, "Set email alias " + name + " -> " + target + rebuilt(ctx));
        });
    }

    private Plan absent(Resource r, RunContext ctx) throws IOException {
        Args a = Args.of(r, ABSENT);
        String name = checkedName(a);
        if (target(TextFile.read(file), name) == null) return Plan.inSync("Alias " + name + " already absent");
        Map<String, Object> changes = Map.of("alias", name);
        return Plan.change(changes, "Alias " + name + " is set to be removed", () -> {
            String now = TextFile.read(file);
            if (target(now, name) == null) return Plan.Done.same("Alias " + name + " already absent");
            write(ctx, edited(now, name, null));
            return Plan.Done.ok(changes, "Removed alias " + name + rebuilt(ctx));
        });
    }

    private void write(RunContext ctx, String text) throws IOException {
        TextFile.write(file, text, "rw-r--r--");
    }

    /** Runs newaliases if it exists, as Salt does (whose result Salt ignores); "" or a note on its failure. */
    private String rebuilt(RunContext ctx) {
        if (!Files.exists(newaliases)) return "";
        CommandResult res = ctx.run(CommandSpec.of(newaliases.toString()));
        if (res.ok()) return "";
        return " (" + newaliases + " failed: " + (res.stderr() + res.stdout()).strip() + ")";
    }
}
