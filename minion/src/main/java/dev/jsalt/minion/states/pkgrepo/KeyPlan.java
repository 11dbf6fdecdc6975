package dev.jsalt.minion.states.pkgrepo;

import dev.jsalt.minion.states.file.AtomicWrite;
import dev.jsalt.minion.states.sys.SystemRoot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A keyring file's wanted bytes, and whether it already holds them; apt reads it as _apt, so it is 0644. */
record KeyPlan(String path, byte[] bytes, boolean inPlace) {
    void write(SystemRoot root) throws IOException {
        Path p = root.path(path);
        Files.createDirectories(p.getParent());
        AtomicWrite.write(p, bytes, PosixFilePermissions.fromString("rw-r--r--"));
    }
}
