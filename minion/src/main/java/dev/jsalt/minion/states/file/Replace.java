package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code file.replace}: Salt's {@code re.subn} over the whole file with Python's pattern syntax, flags
 * ({@code MULTILINE} by default) and replacement template. With {@code append_if_not_found} /
 * {@code prepend_if_not_found}, when the pattern matches nothing and the line to add ({@code not_found_content},
 * else {@code repl}) is not already a whole line of the file, it is added. Comments are Salt's: "Changes were made",
 * "Changes would have been made", "No changes needed to be made".
 */
final class Replace implements FileFunction {
    static final Params P = Params.of("file.replace", "name", "pattern", "repl", "count", "flags",
            "append_if_not_found", "prepend_if_not_found", "not_found_content", "backup", "show_changes",
            "ignore_if_missing", "backslash_literal");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        String pattern = args.required("pattern");
        String repl = args.string("repl").orElseThrow(() -> args.bad("repl", "is required"));
        int count = args.number("count").orElse(0L).intValue();
        int flags = PyRegex.flags(args.raw("flags"), PyRegex.MULTILINE);
        boolean append = args.bool("append_if_not_found", false);
        boolean prepend = args.bool("prepend_if_not_found", false);
        String notFound = args.string("not_found_content").orElse(null);
        boolean literal = args.bool("backslash_literal", false);
        Pattern cpattern = PyRegex.compile(pattern, flags);

        Stat st = Stat.of(path);
        if (!st.exists()) {
            if (args.bool("ignore_if_missing", false)) return Plan.inSync("No changes needed to be made");
            return Plan.failed(path + ": file not found");
        }
        if (st.isLink()) return Plan.failed(path + " is a symlink; file.replace edits regular files only");
        if (!st.isFile()) return Plan.failed(path + " exists and is " + st.kind() + ", not a file");
        byte[] current = ContentChange.read(path, st);
        String text = new String(current, StandardCharsets.UTF_8);

        PyRegex.Sub sub = PyRegex.subn(cpattern, repl, text, count, literal);
        boolean found = sub.n() > 0;
        String result = sub.text();
        String content = notFound != null && (append || prepend) ? notFound : repl;
        if ((append || prepend) && !found) {
            // Salt: the content already being a line of the file counts as found (added by an earlier run)
            Pattern line = Pattern.compile("^" + Pattern.quote(content) + "($|(?=\r\n))", PyRegex.javaFlags(flags) & ~Pattern.COMMENTS);
            if (line.matcher(text).find()) found = true;
        }
        if (!found && (append || prepend)) {
            String add = (notFound != null ? notFound : repl) + "\n";
            if (prepend) {
                result = add + result;
            } else {
                if (!result.isEmpty() && !result.endsWith("\n")) result += "\n";
                result += add;
            }
        }
        byte[] desired = result.getBytes(StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(desired, current)) return Plan.inSync("No changes needed to be made");
        return ContentChange.of(path, Attrs.none(), args.bool("show_changes", true),
                        ContentChange.backupWanted(args.raw("backup")))
                .saying("Changes would have been made", "Changes were made")
                .plan(st, current, desired, ctx);
    }
}
