package dev.jsalt.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A "newer build" of a built package: unpacked with dpkg-deb -R, version bumped (and optionally a file changed), repacked. */
final class Rebuild {
    private Rebuild() {
    }

    interface Edit {
        void apply(Path unpacked) throws IOException;
    }

    static Path withVersion(Path deb, String oldVersion, String newVersion, Path workDir, Edit edit) throws IOException {
        Path dir = workDir.resolve(deb.getFileName().toString() + ".d");
        Cmd.ok("dpkg-deb", "-R", deb.toString(), dir.toString());
        Path control = dir.resolve("DEBIAN/control");
        // Both the Version field and the exact-version dependency on jsalt move together.
        Files.writeString(control, Files.readString(control).replace(oldVersion, newVersion));
        edit.apply(dir);
        rewriteMd5sums(dir);
        Path out = workDir.resolve(deb.getFileName().toString().replace(oldVersion, newVersion));
        // gzip -1: xz (the default) spends seconds on the 25 MB jar for a package that lives a few seconds.
        Cmd.ok("dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "-b", dir.toString(), out.toString());
        return out;
    }

    private static void rewriteMd5sums(Path dir) throws IOException {
        Path sums = dir.resolve("DEBIAN/md5sums");
        if (!Files.exists(sums)) return;
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(sums)) {
            String path = line.substring(line.indexOf("  ") + 2);
            out.append(md5(dir.resolve(path))).append("  ").append(path).append('\n');
        }
        Files.writeString(sums, out.toString());
    }

    private static String md5(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("MD5"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
