package dev.jsalt.master.statetree;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A state tree read from a git repository at a ref, straight from the object database (no working tree, no
 * checkout). The ref (branch, tag, or commit id) is resolved to a commit by {@link #snapshot()}; the compiler takes one
 * snapshot per compile so every file of a document comes from the same commit, which becomes
 * {@link dev.jsalt.common.state.StateDocument#source()}.
 *
 * <p>A local path is opened in place. A URL ({@code https://…}, {@code ssh://…}, {@code git@host:path},
 * {@code file://…}) is cloned bare into {@code cacheDir} on first use and updated by {@link #refresh()}.
 */
public final class GitStateTree implements StateTree, AutoCloseable {
    private static final Pattern URL = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://|[\\w.-]+@[\\w.-]+:).*");

    private final String location;
    private final String ref;
    private final boolean remote;
    private final Git git;

    /**
     * @param repoPathOrUrl a local repository (bare or not) or a URL to clone
     * @param ref           branch, tag or commit id, e.g. {@code main}, {@code refs/tags/v3}, {@code 1f2e…}
     * @param cacheDir      where URLs are cloned (one bare repository per URL); unused for local paths, may be null
     */
    public GitStateTree(String repoPathOrUrl, String ref, Path cacheDir) {
        this.location = repoPathOrUrl;
        this.ref = ref;
        this.remote = URL.matcher(repoPathOrUrl).matches();
        try {
            this.git = remote ? openClone(repoPathOrUrl, cacheDir) : Git.open(Path.of(repoPathOrUrl).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open git state tree " + repoPathOrUrl + ": " + e.getMessage(), e);
        }
    }

    /** Fetches branches and tags from the URL (a local repository is always current; nothing to do). */
    public void refresh() {
        if (!remote) return;
        try {
            git.fetch().setRemote("origin").setRemoveDeletedRefs(true)
                    .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                    .call();
        } catch (GitAPIException e) {
            throw new IllegalStateException("cannot fetch state tree from " + location + ": " + e.getMessage(), e);
        }
    }

    /** The ref this tree follows. */
    public String ref() {
        return ref;
    }

    @Override
    public StateTree snapshot() {
        Repository repo = git.getRepository();
        try {
            ObjectId commit = repo.resolve(ref + "^{commit}");
            if (commit == null) throw new IllegalArgumentException("git ref '" + ref + "' not found in " + location);
            return new GitCommitTree(repo, commit);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve '" + ref + "' in " + location + ": " + e.getMessage(), e);
        }
    }

    // Direct reads resolve the ref each time; compiles go through snapshot() instead.
    @Override
    public Optional<byte[]> read(String path) {
        return snapshot().read(path);
    }

    @Override
    public boolean exists(String path) {
        return snapshot().exists(path);
    }

    @Override
    public List<String> list(String dir) {
        return snapshot().list(dir);
    }

    @Override
    public java.util.SortedMap<String, String> symlinks(String dir) {
        return snapshot().symlinks(dir);
    }

    @Override
    public String mode(String path) {
        return snapshot().mode(path);
    }

    @Override
    public String source() {
        return snapshot().source();
    }

    @Override
    public void close() {
        git.close();
    }

    private static Git openClone(String url, Path cacheDir) throws IOException {
        if (cacheDir == null) throw new IllegalArgumentException("a cache folder is needed to clone " + url);
        Path dir = cacheDir.resolve(cacheName(url));
        if (Files.isDirectory(dir.resolve("objects"))) return Git.open(dir.toFile());
        Files.createDirectories(cacheDir);
        try {
            return Git.cloneRepository().setURI(url).setBare(true).setDirectory(dir.toFile()).call();
        } catch (GitAPIException e) {
            throw new IOException("clone failed: " + e.getMessage(), e);
        }
    }

    // A readable prefix plus a hash, so two URLs never share a cache folder and no URL can steer the path.
    private static String cacheName(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            String tail = url.replaceAll("[^A-Za-z0-9._-]+", "_");
            if (tail.length() > 40) tail = tail.substring(tail.length() - 40);
            return tail + "-" + HexFormat.of().formatHex(digest, 0, 8) + ".git";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
