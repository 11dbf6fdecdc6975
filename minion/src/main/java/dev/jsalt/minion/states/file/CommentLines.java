package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code file.comment} / {@code file.uncomment}, with Salt's {@code comment_line}: a line whose start matches
 * {@code regex} gets {@code char} put before it; a line starting with {@code char}, blanks, then {@code regex} loses
 * its leading {@code char} characters. What Salt checks first decides the outcome when nothing is left to do:
 * "Pattern already commented" / "Pattern already uncommented", or a failure when the pattern is nowhere.
 */
final class CommentLines implements FileFunction {
    static final Params COMMENT = Params.of("file.comment", "name", "regex", "char", "backup", "ignore_missing");
    static final Params UNCOMMENT = Params.of("file.uncomment", "name", "regex", "char", "backup");

    private final boolean comment;

    CommentLines(boolean comment) { this.comment = comment; }

    @Override
    public Params params() { return comment ? COMMENT : UNCOMMENT; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        String regex = args.required("regex");
        String ch = args.string("char", "#");
        Stat st = Stat.of(path);
        if (!st.exists()) return Plan.failed(path + ": file not found");
        if (st.isLink()) return Plan.failed(path + " is a symlink; file." + r.function() + " edits regular files only");
        if (!st.isFile()) return Plan.failed(path + " exists and is " + st.kind() + ", not a file");
        byte[] current = ContentChange.read(path, st);
        String text = new String(current, StandardCharsets.UTF_8);
        String bare = stripAnchors(regex);

        if (comment) {
            String unanchored = regex.replaceFirst("^(\\(\\?[iLmsux]\\))?\\^?(.*?)\\$?$", "$2");
            if (!search(regex, text)) {
                if (search(ch + unanchored, text)) return Plan.inSync("Pattern already commented");
                if (args.bool("ignore_missing", false)) return Plan.inSync("Pattern not found and ignore_missing set to True");
                return Plan.failed(unanchored + ": Pattern not found");
            }
        } else {
            if (!search(ch + "[ \t]*" + lstrip(regex, "^"), text)) {
                if (search("^[ \t]*" + lstrip(regex, "^"), text)) return Plan.inSync("Pattern already uncommented");
                return Plan.failed(regex + ": Pattern not found");
            }
        }
        String lineRe = comment
                ? (regex.startsWith("^") ? "^" : "") + "(" + bare + ")" + (regex.endsWith("$") ? "$" : "")
                : "^" + ch + "\\s*(" + bare + ")" + (regex.endsWith("$") ? "$" : "");
        Pattern p = PyRegex.compile(lineRe, 0);
        StringBuilder out = new StringBuilder();
        boolean changed = false;
        for (String line : text.split("(?<=\n)")) {
            if (line.isEmpty()) continue;
            String body = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            String nl = line.substring(body.length());
            Matcher m = p.matcher(body);
            if (m.lookingAt()) {
                body = comment ? ch + body : lstrip(body, ch);
                changed = true;
            }
            out.append(body).append(nl);
        }
        if (!changed) {
            if (comment) return Plan.inSync("Commented lines successfully");
            if (search("^[ \t]*" + lstrip(regex, "^"), text)) return Plan.inSync("Pattern already uncommented");
            return Plan.failed("Expected uncommented lines not found");
        }
        return ContentChange.of(path, Attrs.none(), true, ContentChange.backupWanted(args.raw("backup")))
                .saying("File " + path + " is set to be updated",
                        comment ? "Commented lines successfully" : "Uncommented lines successfully")
                .plan(st, current, out.toString().getBytes(StandardCharsets.UTF_8), ctx);
    }

    /** Salt's file.search with multiline: the Python pattern found anywhere, ^ and $ at line ends. */
    static boolean search(String pyPattern, String text) {
        return PyRegex.compile(pyPattern, PyRegex.MULTILINE).matcher(text).find();
    }

    private static String stripAnchors(String regex) {
        String s = lstrip(regex, "^");
        while (s.endsWith("$")) s = s.substring(0, s.length() - 1);
        return s;
    }

    /** Python's str.lstrip(chars): every leading character that is one of {@code chars}. */
    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) i++;
        return s.substring(i);
    }
}
