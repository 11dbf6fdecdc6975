package dev.jsalt.minion.states.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** Local accounts from {root}/etc/passwd: enough to find a user's home and to give a file to them. */
public final class Passwd {
    public record User(String name, int uid, int gid, String home) {
        /** Makes {@code p} the user's (no-op when not running as root: tests). */
        public void own(Path p) throws IOException {
            try {
                Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.FileSystemException e) {
                if (uid == currentUid()) return;
                throw e;
            }
        }
    }

    private Passwd() {
    }

    public static Optional<User> user(SystemRoot sys, String name) throws IOException {
        String text = TextFile.read(sys.path("/etc/passwd"));
        if (text == null) return Optional.empty();
        for (String line : TextFile.lines(text)) {
            String[] f = line.split(":", -1);
            if (f.length >= 7 && f[0].equals(name)) {
                try {
                    return Optional.of(new User(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5]));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (Exception e) {
            return -1;
        }
    }
}
