package dev.jsalt.master.statetree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A state tree in a plain folder. Symlinks are followed only while they stay inside the folder, so a link to
 * {@code /etc/shadow} in the tree is treated as missing rather than served.
 */
public final class DirStateTree implements StateTree {
    private final Path root;

    public DirStateTree(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("state tree folder " + root + " is not readable: " + e.getMessage(), e);
        }
        if (!Files.isDirectory(this.root)) throw new IllegalArgumentException("state tree " + root + " is not a folder");
    }

    @Override
    public Optional<byte[]> read(String path) {
        Optional<Path> file = locate(path);
        if (file.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(file.get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + " from " + source() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String path) {
        return locate(path).isPresent();
    }

    @Override
    public List<String> list(String dir) {
        String rel = TreePath.normalize(dir);
        Path start = rel.isEmpty() ? root : root.resolve(rel);
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) return List.of();
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.map(p -> root.relativize(p).toString().replace(java.io.File.separatorChar, '/'))
                    .filter(p -> !p.isEmpty() && locate(p).isPresent()) // same rule as read(): links must stay inside
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + " in " + source() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String mode(String path) {
        Path real = locate(path).orElseThrow(() -> new UncheckedIOException(new java.io.FileNotFoundException(path + " in " + source())));
        try {
            int bits = 0;
            for (java.nio.file.attribute.PosixFilePermission p : Files.getPosixFilePermissions(real)) bits |= 0400 >> p.ordinal();
            return String.format("%04o", bits);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mode of " + path + " in " + source() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public java.util.SortedMap<String, String> symlinks(String dir) {
        String rel = TreePath.normalize(dir);
        Path start = rel.isEmpty() ? root : root.resolve(rel);
        java.util.SortedMap<String, String> out = new java.util.TreeMap<>();
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) return out;
        try (Stream<Path> walk = Files.walk(start)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isSymbolicLink(p)) {
                    out.put(root.relativize(p).toString().replace(java.io.File.separatorChar, '/'), Files.readSymbolicLink(p).toString());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the links under " + dir + " in " + source() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String source() {
        return "dir:" + root;
    }

    private Optional<Path> locate(String path) {
        String rel = TreePath.normalize(path);
        if (rel.isEmpty()) return Optional.empty();
        Path candidate = root.resolve(rel);
        if (!Files.isRegularFile(candidate)) return Optional.empty();
        try {
            Path real = candidate.toRealPath();
            return real.startsWith(root) ? Optional.of(real) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
