package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code file.blockreplace}: the lines between the line containing {@code marker_start} and the line containing
 * {@code marker_end} are exactly {@code content}; the rest of the file is left alone. If the markers are missing
 * the block is added with {@code append_if_not_found} / {@code prepend_if_not_found}, otherwise the state fails.
 */
final class BlockReplace implements FileFunction {
    static final Params P = Params.of("file.blockreplace", "name", "marker_start", "marker_end", "content",
            "append_if_not_found", "prepend_if_not_found", "backup", "show_changes");

    @Override
    public Params params() { return P; }
    static final String DEFAULT_START = "#-- start managed zone --";
    static final String DEFAULT_END = "#-- end managed zone --";

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        String start = args.string("marker_start", DEFAULT_START);
        String end = args.string("marker_end", DEFAULT_END);
        if (start.isEmpty() || end.isEmpty() || start.contains("\n") || end.contains("\n")) {
            throw args.bad("marker_start", "and marker_end must be non-empty single lines");
        }
        List<String> block = Lines.ofContent(args.string("content", ""));
        boolean append = args.bool("append_if_not_found", false);
        boolean prepend = args.bool("prepend_if_not_found", false);

        Stat st = Stat.of(path);
        if (st.isLink()) return Plan.failed(path + " is a symlink; file.blockreplace edits regular files only");
        if (!st.exists()) return Plan.failed("File " + path + " does not exist");
        if (!st.isFile()) return Plan.failed(path + " exists and is " + st.kind() + ", not a file");
        byte[] current = ContentChange.read(path, st);
        Lines lines = Lines.parse(current);

        int s = indexOf(lines.lines, start, 0);
        int e = s < 0 ? -1 : indexOf(lines.lines, end, s + 1);
        if (s >= 0 && e < 0) {
            return Plan.failed("marker_start found in " + path + " at line " + (s + 1) + " but no marker_end after it");
        }
        if (s < 0) {
            if (indexOf(lines.lines, end, 0) >= 0) {
                return Plan.failed("marker_end found in " + path + " without a marker_start before it");
            }
            if (!append && !prepend) {
                return Plan.failed("markers not found in " + path
                        + "; set append_if_not_found or prepend_if_not_found to add the block");
            }
            List<String> whole = new ArrayList<>();
            whole.add(start);
            whole.addAll(block);
            whole.add(end);
            if (prepend) lines.lines.addAll(0, whole);
            else lines.lines.addAll(whole);
        } else {
            List<String> inner = lines.lines.subList(s + 1, e);
            inner.clear();
            inner.addAll(block);
        }
        ContentChange change = ContentChange.of(path, Attrs.none(), r, args, ctx, "content");
        return change.plan(st, current, lines.bytes(), ctx);
    }

    private static int indexOf(List<String> lines, String marker, int from) {
        for (int i = from; i < lines.size(); i++) if (lines.get(i).contains(marker)) return i;
        return -1;
    }
}
