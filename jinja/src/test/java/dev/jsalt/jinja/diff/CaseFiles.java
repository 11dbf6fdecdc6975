package dev.jsalt.jinja.diff;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the hand-written case files. The format, chosen so templates are written exactly as they are:
 * <pre>
 * # a comment (only before the first case)
 * === case name
 * --- context: {"x": [1, 2]}          (JSON; optional)
 * --- env: {"trim_blocks": true}       (optional: trim_blocks, lstrip_blocks, keep_trailing_newline)
 * --- globals: {"g": 1}               (template.globals.update, optional)
 * --- salt_globals                    (the context is also the template's globals, as Salt renders)
 * --- expect_error: Unsupported       (jsalt refuses this on purpose)
 * --- nondeterministic: why           (random output: not compared)
 * --- normalize: addresses            (mask "at 0x..." object addresses)
 * --- ignore_line                     (do not compare an error's line)
 * --- salt_tags                       (enable the Salt-like test tags: import_json, load_json, profile, ...)
 * --- entry: main.j2                  (render this loader template instead of the case template)
 * --- file: name.j2                   (a loader template: the lines up to the next --- section)
 * --- template                        (the template, if directives precede it; else the first text line starts it)
 * --- template-json: "a\n"            (the template as a JSON string, for trailing newlines or spaces)
 * </pre>
 * A text section (template or file) runs up to the next directive line; it is its lines joined with newlines,
 * without a final newline and without trailing empty lines.
 */
final class CaseFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CaseFiles() {
    }

    static List<Case> read(String resource) throws IOException {
        try (InputStream in = CaseFiles.class.getResourceAsStream("/jinja-cases/" + resource)) {
            if (in == null) {
                throw new IOException("missing case file " + resource);
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static List<Case> parse(String source, String text) throws IOException {
        List<Case> cases = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length && !lines[i].startsWith("=== ")) {
            i++;
        }
        while (i < lines.length) {
            String name = lines[i].substring(4).strip();
            int end = i + 1;
            while (end < lines.length && !lines[end].startsWith("=== ")) {
                end++;
            }
            cases.add(parseCase(source, name, lines, i + 1, end));
            i = end;
        }
        return cases;
    }

    private static Case parseCase(String source, String name, String[] lines, int from, int to) throws IOException {
        Map<String, Object> context = Map.of();
        Map<String, Object> env = Map.of();
        Map<String, Object> globals = Map.of();
        Map<String, String> files = new LinkedHashMap<>();
        boolean saltGlobals = false;
        boolean ignoreLine = false;
        boolean saltTags = false;
        String expectError = null;
        String nondeterministic = null;
        String normalize = null;
        String entry = null;
        String template = null;
        int i = from;
        while (i < to) {
            String line = lines[i];
            if (!line.startsWith("--- ")) {
                // the template starts without a marker
                int end = sectionEnd(lines, i, to);
                template = join(lines, i, end);
                i = end;
                continue;
            }
            String directive = line.substring(4);
            String key = directive;
            String value = null;
            int colon = directive.indexOf(':');
            if (colon >= 0) {
                key = directive.substring(0, colon).strip();
                value = directive.substring(colon + 1).strip();
            } else {
                key = directive.strip();
            }
            i++;
            switch (key) {
                case "context" -> context = JSON.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() { });
                case "env" -> env = JSON.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() { });
                case "globals" -> globals = JSON.readValue(value, new TypeReference<LinkedHashMap<String, Object>>() { });
                case "salt_globals" -> saltGlobals = true;
                case "ignore_line" -> ignoreLine = true;
                case "salt_tags" -> saltTags = true;
                case "expect_error" -> expectError = value;
                case "nondeterministic" -> nondeterministic = value;
                case "normalize" -> normalize = value;
                case "entry" -> entry = value;
                case "template-json" -> template = JSON.readValue(value, String.class);
                case "file" -> {
                    int end = sectionEnd(lines, i, to);
                    files.put(value, join(lines, i, end));
                    i = end;
                }
                case "file-json" -> {
                    int sp = value.indexOf(' ');
                    files.put(value.substring(0, sp), JSON.readValue(value.substring(sp + 1), String.class));
                }
                case "template" -> {
                    int end = sectionEnd(lines, i, to);
                    template = join(lines, i, end);
                    i = end;
                }
                default -> throw new IOException(source + ": case '" + name + "': unknown directive '" + key + "'");
            }
        }
        if (template == null && entry == null) {
            throw new IOException(source + ": case '" + name + "' has no template");
        }
        return new Case(name, source, template, entry, context, files, env, globals, saltGlobals, expectError, nondeterministic,
                normalize, ignoreLine, saltTags);
    }

    private static final java.util.regex.Pattern DIRECTIVE = java.util.regex.Pattern.compile(
            "--- (file|file-json|template|template-json|context|env|globals|salt_globals|expect_error|nondeterministic|normalize"
                    + "|ignore_line|salt_tags|entry)(:.*)?");

    /** A text section runs up to the next directive line. */
    private static int sectionEnd(String[] lines, int from, int to) {
        int i = from;
        while (i < to && !DIRECTIVE.matcher(lines[i]).matches()) {
            i++;
        }
        return i;
    }

    private static String join(String[] lines, int from, int to) {
        int end = to;
        while (end > from && lines[end - 1].isEmpty()) {
            end--;
        }
        StringBuilder b = new StringBuilder();
        for (int k = from; k < end; k++) {
            if (k > from) {
                b.append('\n');
            }
            b.append(lines[k]);
        }
        return b.toString();
    }
}
