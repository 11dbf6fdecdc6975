package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateOutcome;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

/** {@code file.absent}: nothing at the path. A symlink is removed itself; a directory tree is removed without following links. */
final class Absent implements FileFunction {

    @Override
    public StateOutcome apply(Resource r, Args args, RunContext ctx) throws Exception {
        Path path = FilePaths.checked(r.name());
        if (path.getParent() == null) return StateOutcome.failed("refusing to remove /");
        Stat st = Stat.of(path);
        if (!st.exists()) return StateOutcome.unchanged("File " + path + " is not present");
        Map<String, Object> changes = Map.of("removed", path.toString());
        if (ctx.test()) return StateOutcome.wouldChange(changes, "File " + path + " (" + st.kind() + ") would be removed");
        if (st.isDir()) deleteTree(path);
        else Files.delete(path);
        return StateOutcome.changed(changes, "Removed " + st.kind().replaceFirst("^an? ", "") + " " + path);
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
