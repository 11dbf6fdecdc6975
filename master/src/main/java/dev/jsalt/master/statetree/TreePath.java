package dev.jsalt.master.statetree;

import java.util.ArrayList;
import java.util.List;

/**
 * The one place state-tree paths are checked. Paths come from top files, includes and template imports, i.e. from
 * whoever can push to the state repository; none of them may reach outside the tree (Salt's CVE-2020-11652 and
 * CVE-2024-22231 were traversals of exactly this kind).
 */
public final class TreePath {
    private TreePath() {
    }

    /**
     * Returns {@code path} with {@code .} segments and doubled or trailing slashes removed, e.g. {@code a/./b//c} →
     * {@code a/b/c}. {@code ""} (or {@code "."}) is the root. Refuses {@code ..} segments, absolute paths, backslashes,
     * NUL and other control characters.
     */
    public static String normalize(String path) {
        checkChars(path);
        List<String> parts = new ArrayList<>();
        for (String seg : path.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) throw new TreePathException(path, "'..' is not allowed");
            parts.add(seg);
        }
        return String.join("/", parts);
    }

    /** The folder part of a normalised path ({@code ""} for a file at the root). */
    public static String parent(String normalized) {
        int slash = normalized.lastIndexOf('/');
        return slash < 0 ? "" : normalized.substring(0, slash);
    }

    /**
     * Resolves a template reference the way Salt's loader does: {@code ./x} and {@code ../x} relative to the folder of
     * {@code fromFile}, anything else from the tree root. The result is normalised; climbing above the root is refused.
     */
    public static String resolve(String fromFile, String reference) {
        if (reference == null) throw new TreePathException(null, "no path");
        if (!(reference.startsWith("./") || reference.startsWith("../")) || fromFile == null) {
            return normalize(reference);
        }
        checkChars(reference);
        List<String> parts = new ArrayList<>();
        String dir = parent(normalize(fromFile));
        if (!dir.isEmpty()) parts.addAll(List.of(dir.split("/")));
        for (String seg : reference.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (parts.isEmpty()) throw new TreePathException(reference, "climbs above the state tree root");
                parts.remove(parts.size() - 1);
            } else {
                parts.add(seg);
            }
        }
        return String.join("/", parts);
    }

    private static void checkChars(String path) {
        if (path == null) throw new TreePathException(null, "no path");
        if (path.startsWith("/")) throw new TreePathException(path, "absolute paths are not allowed");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\0') throw new TreePathException(path, "NUL byte");
            if (c == '\\') throw new TreePathException(path, "backslashes are not allowed (use /)");
            if (c < 0x20 || c == 0x7f) throw new TreePathException(path, "control character");
        }
    }
}
