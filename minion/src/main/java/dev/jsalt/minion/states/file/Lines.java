package dev.jsalt.minion.states.file;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A text file as editable lines, remembering whether it ended with a newline so edits do not add or drop it. */
final class Lines {
    final List<String> lines;
    final boolean trailingNewline;

    private Lines(List<String> lines, boolean trailingNewline) {
        this.lines = lines;
        this.trailingNewline = trailingNewline;
    }

    static Lines parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isEmpty()) return new Lines(new ArrayList<>(), true);
        boolean nl = text.endsWith("\n");
        String body = nl ? text.substring(0, text.length() - 1) : text;
        return new Lines(new ArrayList<>(Arrays.asList(body.split("\n", -1))), nl);
    }

    byte[] bytes() {
        if (lines.isEmpty()) return new byte[0];
        String text = String.join("\n", lines) + (trailingNewline ? "\n" : "");
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Splits multi-line content given in SLS into lines (a trailing newline does not add an empty line). */
    static List<String> ofContent(String content) {
        String c = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        return c.isEmpty() ? List.of() : Arrays.asList(c.split("\n", -1));
    }
}
