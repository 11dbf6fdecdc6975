package dev.jsalt.master.corpus;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;

import java.util.List;

/** A unified diff of two texts (Salt's on the left), for failure messages a person reads. */
final class TextDiff {
    private TextDiff() {
    }

    static String unified(String salt, String jsalt) {
        List<String> a = salt.lines().toList();
        List<String> b = jsalt.lines().toList();
        List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("salt", "jsalt", a, DiffUtils.diff(a, b), 2);
        String text = "      " + String.join("\n      ", diff);
        if (diff.isEmpty()) text = "      (same lines; the line endings or the final newline differ: salt ends "
                + (salt.endsWith("\n") ? "with" : "without") + " a newline, jsalt " + (jsalt.endsWith("\n") ? "with" : "without") + ")";
        return text;
    }
}
