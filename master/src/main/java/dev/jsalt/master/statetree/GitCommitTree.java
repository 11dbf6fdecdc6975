package dev.jsalt.master.statetree;

import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One commit of a git state tree, read from the object database. Only regular and executable files count as files:
 * symlinks and submodules are treated as missing, so a link cannot point a template at something outside the tree.
 */
public final class GitCommitTree implements StateTree {
    private final Repository repo;
    private final ObjectId commitId;
    private final RevTree tree;

    public GitCommitTree(Repository repo, ObjectId commitId) {
        this.repo = repo;
        this.commitId = commitId.copy();
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(commitId);
            this.tree = commit.getTree();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + commitId.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> read(String path) {
        String rel = TreePath.normalize(path);
        if (rel.isEmpty()) return Optional.empty();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = TreeWalk.forPath(reader, rel, tree)) {
            if (walk == null || !isFile(walk.getFileMode(0))) return Optional.empty();
            return Optional.of(reader.open(walk.getObjectId(0)).getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + rel + " at " + source() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String path) {
        String rel = TreePath.normalize(path);
        if (rel.isEmpty()) return false;
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = TreeWalk.forPath(reader, rel, tree)) {
            return walk != null && isFile(walk.getFileMode(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up " + rel + " at " + source() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String dir) {
        String rel = TreePath.normalize(dir);
        List<String> out = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            if (!rel.isEmpty()) walk.setFilter(PathFilter.create(rel));
            while (walk.next()) {
                if (isFile(walk.getFileMode(0))) out.add(walk.getPathString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + rel + " at " + source() + ": " + e.getMessage(), e);
        }
        out.sort(null);
        return out;
    }

    @Override
    public String mode(String path) {
        String rel = TreePath.normalize(path);
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = TreeWalk.forPath(reader, rel, tree)) {
            if (walk == null || !isFile(walk.getFileMode(0))) throw new UncheckedIOException(new java.io.FileNotFoundException(rel + " at " + source()));
            return walk.getFileMode(0) == FileMode.EXECUTABLE_FILE ? "0755" : "0644";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look up " + rel + " at " + source() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.SortedMap<String, String> symlinks(String dir) {
        String rel = TreePath.normalize(dir);
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        try (ObjectReader reader = repo.newObjectReader(); TreeWalk walk = new TreeWalk(repo, reader)) {
            walk.addTree(tree);
            walk.setRecursive(true);
            if (!rel.isEmpty()) walk.setFilter(PathFilter.create(rel));
            while (walk.next()) {
                if (walk.getFileMode(0) == FileMode.SYMLINK) {
                    // git stores a link as a blob holding its target
                    out.put(walk.getPathString(), new String(reader.open(walk.getObjectId(0)).getBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the links under " + rel + " at " + source() + ": " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public String source() {
        return commitId.name();
    }

    private static boolean isFile(FileMode mode) {
        return mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE;
    }
}
