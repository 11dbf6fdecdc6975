package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code file.keyvalue}, Salt 3006's algorithm line for line: for each line starting with a key (after stripping the
 * {@code uncomment} characters, or blanks when none are given) and split at the first {@code separator}, the first
 * {@code count} occurrences get the value (a commented one is uncommented), further ones are removed
 * ({@code count: 0} removes all, {@code -1} keeps all); keys never seen are appended or prepended on request. The
 * result's diff has Salt's {@code - old} / {@code + new} lines and the comment is "Changed N lines".
 */
final class KeyValue implements FileFunction {
    static final Params P = Params.of("file.keyvalue", "name", "key", "value", "key_values", "separator",
            "append_if_not_found", "prepend_if_not_found", "show_changes", "ignore_if_missing", "count", "uncomment",
            "key_ignore_case", "value_ignore_case");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        Map<String, Object> keyValues = new LinkedHashMap<>();
        Object kv = args.raw("key_values");
        if (args.has("key") && args.has("value")) {
            if (kv instanceof Map) return Plan.failed("file.keyvalue can not combine key_values with key and value");
            keyValues.put(args.required("key"), args.raw("value"));
        } else if (!(kv instanceof Map<?, ?> m) || m.isEmpty()) {
            return Plan.failed("file.keyvalue key and value not supplied and key_values "
                    + (kv == null || (kv instanceof Map<?, ?> e && e.isEmpty()) ? "is empty" : "is not a dictionary"));
        } else {
            m.forEach((k, v) -> keyValues.put(String.valueOf(k), v));
        }
        String sep = args.string("separator", "=");
        boolean append = args.bool("append_if_not_found", false);
        boolean prepend = args.bool("prepend_if_not_found", false);
        boolean show = args.bool("show_changes", true);
        int count = args.number("count").orElse(1L).intValue();
        String uncomment = args.string("uncomment").orElse(null);
        boolean keyCase = args.bool("key_ignore_case", false);
        boolean valueCase = args.bool("value_ignore_case", false);

        Stat st = Stat.of(path);
        if (!st.exists() || !st.isFile() || st.isLink()) {
            if (args.bool("ignore_if_missing", false)) return Plan.inSync("unable to open " + path);
            return Plan.failed("unable to open " + path);
        }
        byte[] current = ContentChange.read(path, st);
        List<String> lines = new ArrayList<>(List.of(new String(current, StandardCharsets.UTF_8).split("(?<=\n)")));
        if (lines.size() == 1 && lines.get(0).isEmpty()) lines.clear();

        StringBuilder diff = new StringBuilder();
        List<String> content = new ArrayList<>();
        int changes = 0;
        Map<String, Integer> left = new LinkedHashMap<>();
        for (String k : keyValues.keySet()) left.put(k, count);
        for (String original : lines) {
            String line = original;
            String testLine = lstrip(line, uncomment);
            boolean didUncomment = line.length() > testLine.length();
            if (keyCase) testLine = testLine.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, Object> e : keyValues.entrySet()) {
                String key = e.getKey();
                String testKey = keyCase ? key.toLowerCase(Locale.ROOT) : key;
                if (!testLine.startsWith(testKey)) continue;
                String working = didUncomment ? lstrip(line, uncomment) : line;
                int at = working.indexOf(sep);
                if (at < 0 || sep.isEmpty()) continue;
                String lineKey = working.substring(0, at);
                String lineValue = working.substring(at + sep.length());
                boolean keysMatch = keyCase ? lineKey.toLowerCase(Locale.ROOT).equals(testKey) : lineKey.equals(testKey);
                if (!keysMatch) continue;
                String value = py(e.getValue());
                String lv = lineValue.strip(), tv = value.strip();
                if (valueCase) {
                    lv = lv.toLowerCase(Locale.ROOT);
                    tv = tv.toLowerCase(Locale.ROOT);
                }
                boolean valuesMatch = lv.equals(tv);
                boolean needsChanging = false;
                if (didUncomment) {
                    if (left.get(key) > 0) needsChanging = true;
                    else if (!valuesMatch) valuesMatch = true;
                } else if (left.get(key) == 0) {
                    needsChanging = true;
                }
                if (!valuesMatch || needsChanging) {
                    diff.append("- ").append(line);
                    line = "";
                    if (left.get(key) != 0) {
                        line = lineKey + sep + value + "\n";
                        if (e.getValue() != null && !(e.getValue() instanceof String)) {
                            diff.append("+ ").append(line.stripTrailing()).append(" (from ").append(pyType(e.getValue()))
                                    .append(" type)\n");
                        } else {
                            diff.append("+ ").append(line);
                        }
                    }
                    changes++;
                }
                if (left.get(key) > 0) left.put(key, left.get(key) - 1);
            }
            content.add(line);
        }
        if (append) {
            StringBuilder tmp = new StringBuilder();
            for (Map.Entry<String, Object> e : keyValues.entrySet()) {
                if (left.get(e.getKey()) > 0) {
                    String line = e.getKey() + sep + py(e.getValue()) + "\n";
                    tmp.append("+ ").append(line);
                    if (!content.isEmpty() && !content.get(content.size() - 1).endsWith("\n") && !content.get(content.size() - 1).isEmpty()) {
                        // Salt writes the lines as they are; a last line without newline would swallow the new key
                        content.set(content.size() - 1, content.get(content.size() - 1) + "\n");
                    }
                    content.add(line);
                    changes++;
                }
            }
            if (!tmp.isEmpty()) diff.append("- <EOF>\n").append(tmp).append("+ <EOF>\n");
        } else if (prepend) {
            List<String> added = new ArrayList<>();
            for (Map.Entry<String, Object> e : keyValues.entrySet()) {
                if (left.get(e.getKey()) > 0) {
                    String line = e.getKey() + sep + py(e.getValue()) + "\n";
                    added.add(0, line);
                    content.add(0, line);
                    changes++;
                }
            }
            if (!added.isEmpty()) {
                StringBuilder head = new StringBuilder("  <SOF>\n");
                for (String a : added) head.append("+ ").append(a);
                diff.insert(0, head);
            }
        }
        if (changes == 0) return Plan.inSync("File " + path + " is in the correct state");
        byte[] desired = String.join("", content).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> ch = show ? Map.of("diff", diff.toString()) : Map.of();
        int n = changes;
        Plan.Changes c = ContentChange.of(path, Attrs.none(), show, false)
                .saying("File " + path + " is set to be changed (" + n + " lines)", "Changed " + n + " lines")
                .plan(st, current, desired, ctx) instanceof Plan.Changes pc ? pc : null;
        if (c == null) return Plan.inSync("File " + path + " is in the correct state");
        Plan.Change only = c.changes().get(0);
        return new Plan.Changes(List.of(new Plan.Change(only.description(), ch, only.action())), c.comment(), c.assumptions(), c.promises());
    }

    /** Python's str.lstrip(chars); null strips whitespace. */
    private static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && (chars == null ? Character.isWhitespace(s.charAt(i)) : chars.indexOf(s.charAt(i)) >= 0)) i++;
        return s.substring(i);
    }

    /** Python's str() of a YAML value. */
    static String py(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        return v.toString();
    }

    private static String pyType(Object v) {
        if (v instanceof Boolean) return "bool";
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) return "int";
        if (v instanceof Number) return "float";
        if (v instanceof List) return "list";
        if (v instanceof Map) return "dict";
        return "str";
    }
}
