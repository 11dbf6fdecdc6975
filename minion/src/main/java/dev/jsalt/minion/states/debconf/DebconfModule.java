package dev.jsalt.minion.states.debconf;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
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
 * Salt's {@code debconf.set}: answers to a package's debconf questions, read with {@code debconf-get-selections} and
 * written with {@code debconf-set-selections} (the lines on stdin), both from debconf-utils. An answer is in sync when
 * the package has the question with that type and value; a boolean is written {@code true} or {@code false}, as
 * Salt does. Reference: docs/states/debconf.md.
 */
public final class DebconfModule implements StateModule {
    static final Params SET = Params.of("debconf.set", "name", "data");
    static final String GET = "debconf-get-selections";
    static final String PUT = "debconf-set-selections";

    @Override
    public String name() { return "debconf"; }

    @Override
    public Set<String> functions() { return Set.of("set"); }

    /** One answer: question, type, value as debconf writes them. */
    record Answer(String question, String type, String value) {
        String line(String pkg) { return pkg + " " + question + " " + type + " " + value; }

        String shown() { return type.equals("password") ? "(password hidden)" : value; }
    }

    /** package → its answers, from debconf-get-selections output (Salt's debconf.get_selections). */
    static Map<String, List<Answer>> selections(String out) {
        Map<String, List<Answer>> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("[\t ]+", 4);
            if (f.length < 3) continue;
            m.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Answer(f[1], f[2], f.length == 4 ? f[3] : ""));
        }
        return m;
    }

    /** The answers data asks for, in order, values as Salt turns them into strings. */
    static List<Answer> wanted(Args a) {
        Object raw = a.raw("data");
        if (!(raw instanceof Map<?, ?> data) || data.isEmpty()) throw a.bad("data", "must be a map {question: {type: ..., value: ...}}");
        List<Answer> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : data.entrySet()) {
            String q = String.valueOf(e.getKey());
            if (q.isEmpty() || q.chars().anyMatch(Character::isWhitespace)) throw a.bad("data", "has a question with spaces: '" + q + "'");
            if (!(e.getValue() instanceof Map<?, ?> spec) || !(spec.get("type") instanceof String type) || type.isBlank()) {
                throw a.bad("data", "needs {type: ..., value: ...} for " + q);
            }
            if (type.chars().anyMatch(Character::isWhitespace)) throw a.bad("data", "has a type with spaces for " + q);
            if (!spec.containsKey("value")) throw a.bad("data", "needs a value for " + q);
            Object v = spec.get("value");
            String value;
            if (type.equals("boolean")) {
                Boolean b = Args.truth(v);
                if (b == null) throw a.bad("data", "needs true or false for the boolean " + q + ", got '" + v + "'");
                value = b ? "true" : "false";
            } else if (v instanceof Boolean b) {
                value = b ? "True" : "False"; // Python's str(), as Salt writes it
            } else {
                value = v == null ? "None" : v.toString();
            }
            if (value.contains("\n")) throw a.bad("data", "has a value of more than one line for " + q);
            out.add(new Answer(q, type, value));
        }
        return out;
    }

    static boolean installed(String program) {
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/bin", "/sbin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }

    @Override
    public Plan plan(Resource r, RunContext ctx) {
        Args a = Args.of(r, SET);
        String pkg = a.name();
        if (pkg.isEmpty() || pkg.chars().anyMatch(Character::isWhitespace)) throw a.bad("name", "is not a package name: '" + pkg + "'");
        List<Answer> want = wanted(a);
        boolean tools = installed(GET) && installed(PUT);
        List<Answer> current = List.of();
        if (tools) {
            CommandResult res = ctx.run(CommandSpec.of(GET).unscoped());
            if (!res.ok()) return Plan.failed(GET + " failed: " + res.stderr().strip());
            current = selections(res.stdout()).getOrDefault(pkg, List.of());
        }
        List<Answer> todo = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (Answer w : want) {
            if (current.contains(w)) unchanged.add(w.question());
            else todo.add(w);
        }
        if (todo.isEmpty()) return Plan.inSync("All specified answers are already set");
        Map<String, Object> would = new LinkedHashMap<>();
        Map<String, Object> set = new LinkedHashMap<>();
        StringBuilder lines = new StringBuilder();
        for (Answer t : todo) {
            would.put(t.question(), "New value: " + t.shown());
            set.put(t.question(), t.shown());
            lines.append(t.line(pkg)).append('\n');
        }
        String kept = unchanged.isEmpty() ? "" : "Unchanged answers: " + String.join(" ", unchanged) + " ";
        String names = String.join(" ", set.keySet());
        Plan.Changes p = Plan.change(would, kept + "Answers to be set: " + names, () -> {
            CommandResult res = ctx.run(CommandSpec.of(PUT).withStdin(lines.toString()));
            if (!res.ok()) {
                Map<String, Object> failed = new LinkedHashMap<>();
                for (String q : set.keySet()) failed.put(q, "Failed to set!");
                return Plan.Done.failed(failed, "Some settings failed to be applied. " + (res.stderr() + res.stdout()).strip());
            }
            return Plan.Done.ok(set, kept + "Answers set: " + names);
        });
        return tools ? p : p.assuming(GET + " and " + PUT + " are not installed (Debian: debconf-utils)");
    }
}
