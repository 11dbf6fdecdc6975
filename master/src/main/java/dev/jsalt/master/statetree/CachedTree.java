package dev.jsalt.master.statetree;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A snapshot that reads each file once: one job compiles the same top files, SLS files, templates and pillar for
 * every minion it targets, so without this each of N minions walks the git tree (or stats the folder) and inflates
 * the same blobs again. Lives as long as the job's compiler; callers get their own copy of the bytes.
 */
public final class CachedTree implements StateTree {
    private final StateTree inner;
    private final Map<String, Optional<byte[]>> files = new ConcurrentHashMap<>();
    private final Map<String, List<String>> lists = new ConcurrentHashMap<>();

    private CachedTree(StateTree inner) {
        this.inner = inner;
    }

    /** {@code tree}'s snapshot, each file read at most once (the tree itself when it already is one). */
    public static StateTree of(StateTree tree) {
        StateTree snap = tree.snapshot();
        return snap instanceof CachedTree ? snap : new CachedTree(snap);
    }

    @Override
    public Optional<byte[]> read(String path) {
        return cached(path).map(byte[]::clone);
    }

    @Override
    public boolean exists(String path) {
        return cached(path).isPresent();
    }

    @Override
    public List<String> list(String dir) {
        return lists.computeIfAbsent(TreePath.normalize(dir), inner::list);
    }

    @Override
    public java.util.SortedMap<String, String> symlinks(String dir) {
        return inner.symlinks(dir);
    }

    @Override
    public String mode(String path) {
        return inner.mode(path);
    }

    @Override
    public String source() {
        return inner.source();
    }

    private Optional<byte[]> cached(String path) {
        return files.computeIfAbsent(TreePath.normalize(path), inner::read);
    }
}
