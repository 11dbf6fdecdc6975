package dev.jsalt.master.compile;

import dev.jsalt.master.statetree.DirStateTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** Small state trees written into a temp folder, and the function catalog the tests compile against. */
final class Fixtures {
    static final FunctionCatalog CATALOG = FunctionCatalog.of(Map.of(
            "pkg", Set.of("installed", "latest", "removed", "purged"),
            "file", Set.of("managed", "directory", "symlink", "absent", "line"),
            "service", Set.of("running", "dead", "enabled"),
            "cmd", Set.of("run", "wait"),
            "user", Set.of("present", "absent"),
            "group", Set.of("present"),
            "ufw", Set.of("enabled", "rule", "default", "logging")));

    /** The same functions, taking any argument: for tests that use arguments to see what templates render. */
    static final FunctionCatalog OPEN = FunctionCatalog.of(CATALOG.catalog().withOpenArguments());

    private Fixtures() {
    }

    /** Writes {@code path, content, path, content, ...} under {@code root}. */
    static Path write(Path root, String... pathsAndContents) {
        try {
            for (int i = 0; i < pathsAndContents.length; i += 2) {
                Path p = root.resolve(pathsAndContents[i]);
                Files.createDirectories(p.getParent());
                Files.writeString(p, pathsAndContents[i + 1]);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StateCompiler compiler(Path states) {
        return new StateCompiler(new DirStateTree(states), null, CATALOG, MineView.EMPTY);
    }

    static StateCompiler openCompiler(Path states) {
        return new StateCompiler(new DirStateTree(states), null, OPEN, MineView.EMPTY);
    }

    static StateCompiler openCompiler(Path states, Path pillar) {
        return new StateCompiler(new DirStateTree(states), new DirStateTree(pillar), OPEN, MineView.EMPTY);
    }

    static StateCompiler compiler(Path states, Path pillar) {
        return new StateCompiler(new DirStateTree(states), new DirStateTree(pillar), CATALOG, MineView.EMPTY);
    }
}
