package dev.jsalt.e2e.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * This JVM's class path for booted hosts, which do not see this machine's file system: every entry is put in one
 * directory of the lab ({@code LAB/cp/NN-name}: jars hard-linked, or copied across file systems; class directories
 * copied), which each booted host gets read-only at {@link Machines#CP_IN_HOST}. Returns the class path as the hosts
 * see it. Light hosts share this machine's file system and use the class path as it is.
 */
final class HostClasspath {
    private HostClasspath() {
    }

    static String export(Path dir, String classpath) {
        List<String> inHost = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            int i = 0;
            for (String e : classpath.split(File.pathSeparator)) {
                if (e.isEmpty()) continue;
                Path src = Path.of(e);
                if (!Files.exists(src)) continue;
                String name = String.format("%03d-%s", i++, src.getFileName());
                Path dst = dir.resolve(name);
                if (Files.isDirectory(src)) {
                    copyTree(src, dst);
                } else {
                    try {
                        Files.createLink(dst, src);
                    } catch (FileSystemException | UnsupportedOperationException x) {
                        Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
                inHost.add(Machines.CP_IN_HOST + "/" + name);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export the class path for booted hosts into " + dir, e);
        }
        return String.join(File.pathSeparator, inHost);
    }

    private static void copyTree(Path src, Path dst) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
