package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.RunContext;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code file.touch}: the path exists (an empty file is created) and has {@code atime}/{@code mtime} if given.
 * Salt's real run touches an existing file every time (and so always reports a change); jsalt applies what Salt's
 * test run checks, "File X exists and has the correct times", so a converged machine reports no change.
 */
final class Touch implements FileFunction {
    static final Params P = Params.of("file.touch", "name", "atime", "mtime", "makedirs");

    @Override
    public Params params() { return P; }

    @Override
    public Plan plan(Resource r, FileArgs fa, RunContext ctx) throws Exception {
        Args args = fa.args();
        Path path = FilePaths.checked(r.name());
        Long atime = args.number("atime").orElse(null);
        Long mtime = args.number("mtime").orElse(null);
        boolean makedirs = args.bool("makedirs", false);
        Stat st = Stat.of(path);
        if (!st.exists()) {
            if (!makedirs && !Files.isDirectory(path.getParent())) return Plan.failed("Directory not present to touch file " + path);
            String err = Parents.check(path, makedirs);
            if (err != null) return Plan.failed(err);
            return Plan.change(Map.of("new", path.toString()), "File " + path + " is set to be created", () -> {
                if (makedirs) Parents.create(path, null);
                Files.createFile(path);
                setTimes(path, atime, mtime);
                return Plan.Done.ok("Created empty file " + path);
            });
        }
        BasicFileAttributeView view = Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        var attrs = view.readAttributes();
        boolean differs = atime != null && attrs.lastAccessTime().to(TimeUnit.SECONDS) != atime
                || mtime != null && attrs.lastModifiedTime().to(TimeUnit.SECONDS) != mtime;
        if (!differs) return Plan.inSync("File " + path + " exists and has the correct times");
        String kind = st.isDir() ? "directory" : "file";
        return Plan.change(Map.of("touched", path.toString()), "Times set to be updated on file " + path, () -> {
            setTimes(path, atime, mtime);
            return Plan.Done.ok("Updated times on " + kind + " " + path);
        });
    }

    private static void setTimes(Path path, Long atime, Long mtime) throws java.io.IOException {
        if (atime == null && mtime == null) return;
        BasicFileAttributeView view = Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        view.setTimes(mtime == null ? null : FileTime.from(mtime, TimeUnit.SECONDS),
                atime == null ? null : FileTime.from(atime, TimeUnit.SECONDS), null);
    }
}
