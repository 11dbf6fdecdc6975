package dev.jsalt.minion.states.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/** One lstat(2) of a path: everything the file states compare, read once, never through a symlink. */
record Stat(boolean exists, boolean isLink, boolean isDir, boolean isFile, long size, int mode, int uid, int gid) {
    static final Stat ABSENT = new Stat(false, false, false, false, 0, 0, 0, 0);

    static Stat of(Path p) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(p, "unix:mode,uid,gid,size,isSymbolicLink,isDirectory,isRegularFile",
                    LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return ABSENT;
        }
        return new Stat(true, (Boolean) a.get("isSymbolicLink"), (Boolean) a.get("isDirectory"),
                (Boolean) a.get("isRegularFile"), (Long) a.get("size"), (Integer) a.get("mode") & 07777,
                (Integer) a.get("uid"), (Integer) a.get("gid"));
    }

    String kind() {
        if (!exists) return "nothing";
        if (isLink) return "a symlink";
        if (isDir) return "a directory";
        if (isFile) return "a file";
        return "a special file";
    }
}
