package dev.jsalt.bench.swarm;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;

import java.nio.file.Path;
import java.util.Set;

/**
 * A swarm shares one real machine among thousands of simulated minions, so a state document may only touch files
 * inside the receiving minion's scratch dir (reported to the master as the {@code swarm_root} grain, so SLS files
 * write {@code {{ grains['swarm_root'] }}/...}). Anything else is refused before the engine sees it.
 */
final class ScratchJail {
    /** File functions whose paths are {@code name} (and {@code target} for symlinks). */
    private static final Set<String> FILE_FUNCTIONS = Set.of("managed", "directory", "absent", "symlink", "line", "blockreplace");

    private ScratchJail() {
    }

    /** Throws {@link IllegalArgumentException} naming the first resource that leaves {@code scratch}. */
    static void check(StateDocument doc, Path scratch) {
        Path root = scratch.toAbsolutePath().normalize();
        for (Resource r : doc.resources()) {
            if (!r.module().equals("file") || !FILE_FUNCTIONS.contains(r.function())) {
                throw new IllegalArgumentException("a swarm minion applies file states only; refused " + r.fun() + " " + r.name());
            }
            inside(root, r.name(), r);
            if (r.function().equals("symlink")) inside(root, String.valueOf(r.args().get("target")), r);
        }
    }

    private static void inside(Path root, String path, Resource r) {
        if (path == null || !path.startsWith("/")) throw new IllegalArgumentException(r.fun() + ": path must be absolute: " + path);
        Path p = Path.of(path).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException(r.fun() + " " + path + " is outside this swarm minion's scratch dir " + root);
        }
    }
}
