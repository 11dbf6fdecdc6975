package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/** {@code file.absent}: nothing at the path. A symlink is removed itself; a directory tree is removed without following links. */
final class Absent implements FileFunction {
    static final Params P = Params.of("file.absent", "name");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs args, RunContext ctx) throws Exception {
        Path path = FilePaths.checked(r.name());
        if (path.getParent() == null) return Plan.failed("refusing to remove /");
        Stat st = Stat.of(path);
        if (!st.exists()) return Plan.inSync("File " + path + " is not present");
        Map<String, Object> changes = Map.of("removed", path.toString());
        return Plan.change(changes, "File " + path + " (" + st.kind() + ") would be removed", () -> {
            if (st.isDir()) deleteTree(path);
            else Files.delete(path);
            return Plan.Done.ok("Removed " + st.kind().replaceFirst("^an? ", "") + " " + path);
        });
    }

    /** walkFileTree does not follow symlinks by default, so links inside the tree are unlinked, not chased. */
    static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) throw exc;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
