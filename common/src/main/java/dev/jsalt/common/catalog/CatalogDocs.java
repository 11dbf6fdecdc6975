package dev.jsalt.common.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes the argument tables of docs/states/*.md from the {@link Catalog}, so the docs cannot drift from what the
 * compiler accepts and the modules read. Each module's page gets a generated section between {@link #BEGIN} and
 * {@link #END} (appended if the page has none; the page is created if missing), and {@code catalog.md} lists every
 * state function, the global arguments, and the declared but not yet implemented functions.
 * {@code CatalogDocsTest} fails when a page differs and prints the command that regenerates them.
 */
public final class CatalogDocs {
    public static final String BEGIN = "<!-- BEGIN generated from the catalog (common/src/main/resources/dev/jsalt/common/catalog/states.catalog): do not edit by hand -->";
    public static final String END = "<!-- END generated from the catalog -->";
    public static final String REGENERATE = "mvn -o -q -pl common -am test -Dtest=CatalogDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Djsalt.docs.write=true";

    private CatalogDocs() {
    }

    /** docs/states file name → the content it must have, given the current files in {@code dir}. */
    public static Map<String, String> expected(Path dir, Catalog c) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        TreeSet<String> implemented = new TreeSet<>(c.stateFunctions().keySet());
        for (String module : implemented) {
            Path page = dir.resolve(module + ".md");
            String current = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8)
                    : "# `" + module + "`\n\n";
            out.put(module + ".md", withSection(current, moduleSection(c, module)));
        }
        out.put("catalog.md", catalogPage(c));
        return out;
    }

    /** Writes what {@link #expected} says; returns the files that changed. */
    public static List<String> write(Path dir, Catalog c) throws IOException {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> e : expected(dir, c).entrySet()) {
            Path p = dir.resolve(e.getKey());
            String now = Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : null;
            if (!e.getValue().equals(now)) {
                Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
                changed.add(e.getKey());
            }
        }
        return changed;
    }

    static String withSection(String page, String section) {
        int b = page.indexOf(BEGIN);
        int e = page.indexOf(END);
        String block = BEGIN + "\n" + section + END + "\n";
        if (b >= 0 && e > b) return page.substring(0, b) + block + page.substring(e + END.length()).replaceFirst("^\n", "");
        return page.endsWith("\n\n") ? page + block : page.endsWith("\n") ? page + "\n" + block : page + "\n\n" + block;
    }

    /** The argument tables of one module's functions. */
    public static String moduleSection(Catalog c, String module) {
        StringBuilder sb = new StringBuilder("## Arguments (from the catalog)\n\n");
        sb.append("Every argument the functions take, with Salt's name and default. **jsalt** says what happens to it: ")
                .append("`yes` the module reads it; `master` the compiler consumes it; `engine` the state engine handles it; ")
                .append("`no-op` accepted and ignored, on purpose; `not supported` a compile error that says so. ")
                .append("Any other argument is a compile error naming the arguments the function takes. ")
                .append("The global arguments every state takes are in [catalog.md](catalog.md).\n\n");
        for (StateFunctionSpec f : c.declaredStateFunctions()) {
            if (!f.module().equals(module)) continue;
            sb.append("### `").append(f.fun()).append("`").append(f.implemented() ? "" : " (not implemented yet)").append("\n\n");
            if (!f.doc().isEmpty()) sb.append(f.doc()).append("\n\n");
            table(sb, f.args());
        }
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<ArgSpec> args) {
        sb.append("| argument | type | default | since (Salt) | jsalt | meaning |\n|---|---|---|---|---|---|\n");
        for (ArgSpec a : args) {
            sb.append("| `").append(a.name()).append("` | ").append(a.type().word()).append(" | ")
                    .append(cell(a.dflt())).append(" | ").append(a.since() == null ? "" : a.since()).append(" | ")
                    .append(handling(a.handling())).append(" | ").append(cell(a.doc())).append(" |\n");
        }
        sb.append('\n');
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    static String handling(Handling h) {
        return switch (h) {
            case MINION -> "yes";
            case MASTER -> "master";
            case ENGINE -> "engine";
            case NOOP -> "no-op";
            case UNSUPPORTED -> "not supported";
        };
    }

    /** catalog.md: every state function, the global arguments, the declared-only functions with their arguments. */
    public static String catalogPage(Catalog c) {
        StringBuilder sb = new StringBuilder("# The state catalog\n\n").append(BEGIN).append("\n");
        sb.append("Every state function jsalt knows, from the catalog the compiler validates against and the minion's modules ")
                .append("read their arguments through. A function marked *not implemented yet* is known by name (its SLS ")
                .append("fails to compile with \"jsalt does not implement X yet\"); any other unknown function is an error ")
                .append("naming the known ones.\n\n");
        sb.append("## Functions\n\n| function | status | what it does |\n|---|---|---|\n");
        for (StateFunctionSpec f : c.declaredStateFunctions()) {
            sb.append("| `").append(f.fun()).append("` | ").append(f.implemented() ? "implemented" : "not implemented yet")
                    .append(" | ").append(cell(f.doc())).append(" |\n");
        }
        sb.append("\n## Global arguments\n\nAccepted by every state (requisites are described in [sls.md](sls.md)).\n\n");
        table(sb, c.globalArgs());
        List<StateFunctionSpec> waiting = c.declaredStateFunctions().stream()
                .filter(f -> !f.implemented() && !c.stateFunctions().containsKey(f.module())).toList();
        // no heading over nothing: every declared function may be implemented
        if (!waiting.isEmpty()) sb.append("## Declared, not implemented yet\n\nTheir Salt arguments, for when they are implemented.\n\n");
        for (StateFunctionSpec f : waiting) {
            sb.append("### `").append(f.fun()).append("`\n\n");
            if (!f.doc().isEmpty()) sb.append(f.doc()).append("\n\n");
            table(sb, f.args());
        }
        sb.append(END).append("\n");
        return sb.toString();
    }
}
