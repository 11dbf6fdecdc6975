package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code file.append} and {@code file.prepend}: each chunk of {@code text} (a string or a list of them; salt://
 * sources arrive as text from the master) is added unless the file already holds it, so a second run adds nothing.
 * "Holds it" is Salt's test: the chunk's words on consecutive lines with any whitespace between them
 * ({@code ignore_whitespace}, always for prepend), or, for append with {@code ignore_whitespace: false}, the chunk
 * as a regular expression found in the file. A missing file is created (its parent too with {@code makedirs}).
 */
final class AppendPrepend implements FileFunction {
    static final Params APPEND = Params.of("file.append", "name", "text", "makedirs", "ignore_whitespace");
    static final Params PREPEND = Params.of("file.prepend", "name", "text", "makedirs", "header");

    private final boolean prepend;

    AppendPrepend(boolean prepend) { this.prepend = prepend; }

    @Override
    public Params params() { return prepend ? PREPEND : APPEND; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        List<String> chunks = args.strings("text");
        if (chunks.isEmpty()) return Plan.failed("No text found to " + (prepend ? "prepend" : "append") + ". Nothing "
                + (prepend ? "prepended" : "appended"));
        boolean makedirs = args.bool("makedirs", false);
        boolean wsRegex = prepend || args.bool("ignore_whitespace", true);

        Stat st = Stat.of(path);
        if (st.isLink()) return Plan.failed(path + " is a symlink; file." + r.function() + " edits regular files only");
        if (st.exists() && !st.isFile()) return Plan.failed(path + " exists and is " + st.kind() + ", not a file");
        if (!st.exists()) {
            String err = Parents.check(path, makedirs);
            if (err != null) return Plan.failed("Directory not present to touch file " + path + " (" + err + ")");
        }
        byte[] current = st.exists() ? ContentChange.read(path, st) : new byte[0];
        String text = new String(current, StandardCharsets.UTF_8);

        List<String> add = new ArrayList<>();
        int count = 0;
        for (String chunk : chunks) {
            Pattern present = wsRegex ? whitespaceSplit(chunk) : PyRegex.compile(chunk, PyRegex.MULTILINE);
            if (present.matcher(text).find()) continue;
            add.addAll(chunk.lines().toList());
            count++;
        }
        String result = text;
        if (!add.isEmpty()) {
            String lines = String.join("\n", add) + "\n";
            if (prepend) {
                boolean alreadyHeader = args.bool("header", false) && text.lines().limit(add.size()).toList().equals(add);
                if (alreadyHeader) count = 0;
                else result = lines + text;
            } else {
                result = (text.isEmpty() || text.endsWith("\n") ? text : text + "\n") + lines;
            }
        }
        if (st.exists() && result.equals(text)) return Plan.inSync("File " + path + " is in correct state");
        String done = count == 0 && !prepend || add.isEmpty() ? "File " + path + " is in correct state"
                : prepend ? "Prepended " + count + " lines" : "Appended " + add.size() + " lines";
        Plan plan = ContentChange.of(path, Attrs.none(), true, false)
                .makingParents(makedirs, null)
                .saying("File " + path + " is set to be " + (st.exists() ? "updated" : "created"), done)
                .plan(st, st.exists() ? current : null, result.getBytes(StandardCharsets.UTF_8), ctx);
        if (!st.exists() && plan instanceof Plan.Changes c) {
            // Salt touches the file first: its changes say so
            Map<String, Object> ch = new java.util.LinkedHashMap<>();
            ch.put("new", path.toString());
            if (!add.isEmpty()) ch.put("diff", TextDiff.unified(path.toString(), new byte[0], result.getBytes(StandardCharsets.UTF_8)));
            Plan.Change only = c.changes().get(0);
            return new Plan.Changes(List.of(new Plan.Change(only.description(), ch, only.action())), c.comment(), c.assumptions(), c.promises());
        }
        return plan;
    }

    /** Salt's build_whitespace_split_regex: the chunk's words, any whitespace between and around them. */
    static Pattern whitespaceSplit(String chunk) {
        StringBuilder re = new StringBuilder();
        String ws = "(?:[\\s]+)?";
        for (String line : chunk.lines().toList()) {
            List<String> parts = new ArrayList<>();
            for (String w : line.strip().split("\\s+")) if (!w.isEmpty()) parts.add(Pattern.quote(w));
            re.append(ws).append(String.join(ws, parts)).append(ws);
        }
        return Pattern.compile("^" + re + "$", Pattern.MULTILINE | Pattern.UNIX_LINES);
    }
}
