package dev.jsalt.minion.states.file;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Unified diffs for file changes, refusing binary and huge content rather than flooding the job cache. */
public final class TextDiff {
    static final int MAX_DIFF_INPUT = 1 << 20;

    private TextDiff() {
    }

    public static String unified(String path, byte[] oldBytes, byte[] newBytes) {
        if (oldBytes.length > MAX_DIFF_INPUT || newBytes.length > MAX_DIFF_INPUT) {
            return "<diff not shown: file larger than " + (MAX_DIFF_INPUT >> 10) + " KiB>";
        }
        String oldText = text(oldBytes), newText = text(newBytes);
        if (oldText == null || newText == null) {
            return "<binary file replaced: " + oldBytes.length + " -> " + newBytes.length + " bytes>";
        }
        List<String> a = lines(oldText), b = lines(newText);
        Patch<String> patch = DiffUtils.diff(a, b);
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff(path, path, a, patch, 3);
        if (oldText.endsWith("\n") != newText.endsWith("\n")) {
            out = new java.util.ArrayList<>(out);
            out.add("\\ trailing newline " + (newText.endsWith("\n") ? "added" : "removed"));
        }
        return String.join("\n", out) + "\n";
    }

    static List<String> lines(String text) {
        if (text.isEmpty()) return List.of();
        String t = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Arrays.asList(t.split("\n", -1));
    }

    /** UTF-8 text, or null if the bytes are binary (NUL or invalid UTF-8). */
    static String text(byte[] bytes) {
        for (byte b : bytes) if (b == 0) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
