package dev.jsalt.master.statetree;

import java.util.List;
import java.util.Optional;

/**
 * A read-only file tree that SLS files, templates and pillar data come from: a plain folder or a git commit.
 *
 * <p>Every path is relative to the tree root, uses {@code /} and is checked by {@link TreePath#normalize}: a path that
 * tries to leave the tree ({@code ..}, absolute, backslash, NUL) is refused with a {@link TreePathException}, never
 * silently resolved. A missing file is an empty {@link Optional}, not an exception.
 */
public interface StateTree {

    /** The bytes of the file at {@code path}, or empty when there is no such regular file. */
    Optional<byte[]> read(String path);

    /** True when {@code path} names a regular file in the tree. */
    boolean exists(String path);

    /** Every regular file under the folder {@code dir} (recursively; {@code ""} for the whole tree), sorted. */
    List<String> list(String dir);

    /**
     * Every symbolic link under the folder {@code dir} (recursively, not through links), path → its target as written,
     * sorted by path: what {@code file.recurse} with {@code keep_symlinks} makes on the minion. {@link #list} still
     * lists a link to a file inside the tree as that file.
     */
    default java.util.SortedMap<String, String> symlinks(String dir) {
        return java.util.Collections.emptySortedMap();
    }

    /**
     * The permission bits of the regular file at {@code path} as four octal digits ({@code "0644"}): what
     * {@code file.recurse}'s {@code file_mode: keep} gives the copy. Git records only whether a file is executable
     * ({@code 0755}) or not ({@code 0644}).
     */
    default String mode(String path) {
        return "0644";
    }

    /** Where the files come from: the 40-hex commit id for git, {@code dir:PATH} for a folder. */
    String source();

    /**
     * A view that keeps answering from the same content for a whole compile. For git this resolves the ref to a
     * commit once, so a push in the middle of a compile cannot mix two commits. A folder returns itself.
     */
    default StateTree snapshot() {
        return this;
    }
}
