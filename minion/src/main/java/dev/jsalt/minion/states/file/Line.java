package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code file.line}: one line of a file, by {@code mode}:
 * <ul>
 *   <li>{@code present} (Salt: ensure/insert, the default): {@code content} is a line of the file; if not, the lines
 *       matching {@code match} are replaced by it, or it is appended when none match;</li>
 *   <li>{@code absent} (Salt: delete): no line equals {@code content} (or matches {@code match} if given);</li>
 *   <li>{@code replace}: every line matching {@code match} becomes {@code content}; no match, no change.</li>
 * </ul>
 * The file must exist unless {@code create: true}. Regexes are Java syntax, searched within the line.
 */
final class Line implements FileFunction {
    static final Params P = Params.of("file.line", "name", "content", "match", "mode", "show_changes", "backup",
            "create", "user", "group", "file_mode");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        String mode = normaliseMode(args.string("mode", "present"));
        String content = args.string("content").orElse(null);
        Pattern match = pattern(args);
        if (content == null && !mode.equals("absent")) throw args.bad("content", "is required for mode " + mode);
        if (mode.equals("replace") && match == null) throw args.bad("match", "is required for mode replace");
        if (mode.equals("absent") && content == null && match == null) throw args.bad("match", "or content is required for mode absent");
        if (content != null && content.contains("\n")) throw args.bad("content", "must be a single line");

        Stat st = Stat.of(path);
        if (st.isLink()) return Plan.failed(path + " is a symlink; file.line edits regular files only");
        if (st.exists() && !st.isFile()) return Plan.failed(path + " exists and is " + st.kind() + ", not a file");
        if (!st.exists() && !args.bool("create", false)) {
            return Plan.failed("File " + path + " does not exist; set create: true to create it");
        }
        byte[] current = ContentChange.read(path, st);
        Lines lines = Lines.parse(current == null ? new byte[0] : current);
        switch (mode) {
            case "present" -> {
                if (!lines.lines.contains(content)) {
                    boolean replaced = match != null && replaceMatching(lines, match, content);
                    if (!replaced) lines.lines.add(content);
                }
            }
            case "absent" -> lines.lines.removeIf(l -> match != null ? match.matcher(l).find() : l.equals(content));
            case "replace" -> replaceMatching(lines, match, content);
            default -> throw args.bad("mode", "must be present, absent or replace, got '" + mode + "'");
        }
        ContentChange change = ContentChange.of(path, Attrs.from(args, ctx, "file_mode"), r, args, ctx, "content");
        return change.plan(st, current, lines.bytes(), ctx);
    }

    private static boolean replaceMatching(Lines lines, Pattern match, String content) {
        boolean any = false;
        for (int i = 0; i < lines.lines.size(); i++) {
            if (match.matcher(lines.lines.get(i)).find()) {
                lines.lines.set(i, content);
                any = true;
            }
        }
        return any;
    }

    private static Pattern pattern(Args args) {
        String m = args.string("match").orElse(null);
        if (m == null) return null;
        try {
            return Pattern.compile(m);
        } catch (PatternSyntaxException e) {
            throw args.bad("match", "is not a valid regular expression: " + e.getDescription());
        }
    }

    private static String normaliseMode(String mode) {
        return switch (mode.toLowerCase(Locale.ROOT)) {
            case "ensure", "insert", "present" -> "present";
            case "delete", "absent" -> "absent";
            default -> mode.toLowerCase(Locale.ROOT);
        };
    }
}
