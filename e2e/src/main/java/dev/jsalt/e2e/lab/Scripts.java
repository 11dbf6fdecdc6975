package dev.jsalt.e2e.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Fixed shell scripts shipped as classpath resources, copied into the lab's state dir so /bin/sh can run them. */
final class Scripts {
    private Scripts() {
    }

    static Path install(Path labDir, String name) {
        Path dst = labDir.resolve("bin").resolve(name);
        try (InputStream in = Scripts.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " missing from the jsalt-e2e jar");
            Files.createDirectories(dst.getParent());
            Files.copy(in, dst, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("r-xr-xr-x"));
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install " + name, e);
        }
    }
}
