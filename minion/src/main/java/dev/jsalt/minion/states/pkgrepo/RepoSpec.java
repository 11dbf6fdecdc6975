package dev.jsalt.minion.states.pkgrepo;

import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.states.sys.SystemRoot;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What a {@code pkgrepo.managed} state asks for, from its arguments: the entry as it must read (the name's line with
 * {@code dist}, {@code comps}, {@code architectures}, {@code signedby}, {@code disabled} and {@code comments} applied,
 * as Salt's expand_repo_def does), where a new entry goes, and the key if one is given.
 */
record RepoSpec(SourceLine line, String file, boolean cleanFile, boolean refresh, boolean comparesComment, KeySpec key) {

    static RepoSpec of(Args a, SystemRoot root) {
        SourceLine line = SourceLine.parse(a.name());
        if (line == null || line.disabled()) {
            throw a.bad("name", "is not an apt source line (deb|deb-src [options] URI SUITE [COMPONENT...]): '" + a.name() + "'");
        }
        if (a.has("disabled") && a.has("enabled")) throw new IllegalArgumentException("Only one of enabled/disabled is allowed");
        boolean disabled = a.has("enabled") ? !a.bool("enabled", true) : a.bool("disabled", false);
        line = line.withDisabled(disabled);
        String signedBy = line.options().get("signed-by");
        if (signedBy != null && signedBy.startsWith("/")) line = line.withOption("signed-by", absolute(a, "name", signedBy));
        if (a.has("dist")) line = line.withDist(a.required("dist"));
        if (a.has("comps")) line = line.withComps(words(a, "comps"));
        if (a.has("architectures")) line = line.withOption("arch", String.join(",", words(a, "architectures")));
        if (a.has("signedby")) line = line.withOption("signed-by", absolute(a, "signedby", a.required("signedby")));
        boolean comments = a.has("comments");
        if (comments) line = line.withComment(String.join(" ", a.strings("comments")).strip());
        if (line.dist().endsWith("/") ? !line.comps().isEmpty() : line.comps().isEmpty()) {
            throw a.bad("name", "needs components after the suite, or a suite ending in / (a flat repository) and none: '" + line.line() + "'");
        }
        String file = a.has("file") ? absolute(a, "file", a.required("file")) : null;
        if (file != null && !file.endsWith(".list")) throw a.bad("file", "must name a .list file (apt reads no other one-line sources): " + file);
        boolean cleanFile = a.bool("clean_file", false);
        if (cleanFile && file == null) throw a.bad("clean_file", "needs file");
        boolean refresh = a.has("refresh") ? a.bool("refresh", true) : a.bool("refresh_db", true);
        return new RepoSpec(line, file, cleanFile, refresh, comments, KeySpec.of(a, line, file));
    }

    /** Salt's default for a new entry without {@code file}: the main sources.list. */
    String fileOrDefault() { return file != null ? file : AptSources.MAIN; }

    /** A comma-separated string or a list, as Salt's comps and architectures. */
    static List<String> words(Args a, String key) {
        Object raw = a.raw(key);
        List<String> l = raw instanceof List<?> ? a.strings(key) : Arrays.asList(raw.toString().split(","));
        List<String> out = l.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (out.isEmpty()) throw a.bad(key, "must not be empty");
        return out;
    }

    /** An absolute path, normalised ({@code ..} and duplicate slashes resolved). */
    static String absolute(Args a, String key, String path) {
        Path p = Path.of(path);
        if (!p.isAbsolute()) throw a.bad(key, "must be an absolute path: " + path);
        return p.normalize().toString();
    }
}
