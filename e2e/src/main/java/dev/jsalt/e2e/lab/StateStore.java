package dev.jsalt.e2e.lab;

import dev.jsalt.common.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The lab's on-disk state: {@code /tmp/jsalt-lab/LAB/} holds {@code lab.json} and each host's private tree.
 * A lock file serialises claiming a lab name against sweeping, across JVMs.
 */
public final class StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    public static final Path ROOT = Path.of(System.getProperty("jsalt.lab.root", "/tmp/jsalt-lab"));
    private static final Object JVM_LOCK = new Object();

    private StateStore() {
    }

    public static Path dir(String lab) { return ROOT.resolve(lab); }

    public static Path hostDir(String lab, String host) { return dir(lab).resolve("hosts").resolve(host); }

    private static Path file(String lab) { return dir(lab).resolve("lab.json"); }

    public static void write(LabState state) {
        Path f = file(state.name());
        try {
            Files.createDirectories(f.getParent());
            Path tmp = f.resolveSibling("lab.json.tmp");
            Files.write(tmp, Json.pretty(state).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }

    public static Optional<LabState> read(String lab) {
        Path f = file(lab);
        try {
            return Optional.of(Json.read(Files.readAllBytes(f), LabState.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable lab state {}: {}", f, e.getMessage());
            return Optional.empty();
        }
    }

    /** Names of every lab directory, with or without a readable state file. */
    public static List<String> labNames() {
        if (!Files.isDirectory(ROOT)) return List.of();
        try (Stream<Path> s = Files.list(ROOT)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code body} holding the cross-JVM lab lock (claiming a name, sweeping). */
    public static <T> T locked(Supplier<T> body) {
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(ROOT);
                try (RandomAccessFile raf = new RandomAccessFile(ROOT.resolve(".lock").toFile(), "rw");
                     FileChannel ch = raf.getChannel();
                     FileLock ignored = ch.lock()) {
                    return body.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + ROOT, e);
            }
        }
    }

    /**
     * Deletes a lab's directory. Symlinks are removed, never followed, so a link a host planted in its private
     * /etc cannot make this delete anything outside the lab.
     */
    public static void delete(String lab) {
        deleteTree(dir(lab), lab);
    }

    /** Deletes one host's directory (a host removed from a running lab), as {@link #delete} does a lab's. */
    static void deleteHost(String lab, String host) {
        deleteTree(hostDir(lab, host), lab);
    }

    private static void deleteTree(Path d, String lab) {
        if (!Files.exists(d)) return;
        List<IOException> errors = new ArrayList<>();
        // A mount still in place (a booted host's overlay whose unmount failed) is never walked into: deleting through
        // it would only write whiteouts, and a bind could lead out of the lab.
        java.util.Set<Path> mounted = new java.util.HashSet<>();
        for (String mp : Mounts.ours(lab::equals)) mounted.add(Path.of(mp));
        try {
            Files.walkFileTree(d, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (mounted.contains(dir)) {
                        errors.add(new IOException(dir + " is still mounted; left in place"));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    return deleteOne(file);
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                    return deleteOne(dir);
                }

                private FileVisitResult deleteOne(Path p) {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        errors.add(e);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            errors.add(e);
        }
        if (!errors.isEmpty()) LOG.warn("could not delete all of {}: {}", d, errors.get(0).getMessage());
    }
}
