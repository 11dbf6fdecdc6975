package dev.jsalt.packaging;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build put the packages, and the Debian version it gave them. */
final class Debs {
    static final String[] PACKAGES = {"jsalt", "jsalt-master", "jsalt-minion"};

    private Debs() {
    }

    static Path dir() {
        return Path.of(System.getProperty("jsalt.debs.dir", "target/debs"));
    }

    /** Maven's 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT: '~' sorts before anything, so the release 0.1.0 is newer. */
    static String version() {
        return System.getProperty("jsalt.project.version", "0.1.0-SNAPSHOT").replace('-', '~');
    }

    static Path deb(String pkg) {
        Path p = dir().resolve(pkg + "_" + version() + "_all.deb");
        if (!Files.isRegularFile(p)) throw new AssertionError("missing package " + p + " (built by `mvn package` in packaging/)");
        return p;
    }
}
