package dev.jsalt.minion.states.archive;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * tar (any compression GNU tar recognises: gz, xz, bz2, zstd) or zip (Info-ZIP's unzip): how an archive is listed and
 * extracted, as argument vectors. tar runs with {@code --no-same-owner}: extracted files are root's (or the user's,
 * group's given), never the uids recorded in the archive.
 */
enum ArchiveFormat {
    TAR, ZIP;

    static final Duration TIMEOUT = Duration.ofMinutes(30);

    /** archive_format if given, else the source's name, as Salt guesses it. */
    static ArchiveFormat of(String given, String source) {
        String f = given != null ? given.toLowerCase(Locale.ROOT) : null;
        if (f == null) {
            String s = source.toLowerCase(Locale.ROOT).replaceFirst("[?#].*$", "");
            if (s.endsWith(".zip")) f = "zip";
            else if (s.matches(".*\\.(tar|tgz|tbz|tbz2|txz|tzst)$") || s.matches(".*\\.tar\\.(gz|xz|bz2|zst|lzma)$")) f = "tar";
            else throw new IllegalArgumentException("cannot tell the format of " + source + " from its name: set archive_format (tar or zip)");
        }
        return switch (f) {
            case "tar" -> TAR;
            case "zip" -> ZIP;
            case "rar" -> throw new IllegalArgumentException("archive_format rar is not supported (tar and zip are)");
            default -> throw new IllegalArgumentException("archive_format must be tar or zip, not " + given);
        };
    }

    List<String> listArgv(Path archive) {
        return this == TAR ? List.of("tar", "-t", "-f", archive.toString()) : List.of("unzip", "-Z1", archive.toString());
    }

    List<String> extractArgv(Path archive, Path dir) {
        return this == TAR
                ? List.of("tar", "-x", "--no-same-owner", "-f", archive.toString(), "-C", dir.toString())
                : List.of("unzip", "-q", "-o", archive.toString(), "-d", dir.toString());
    }

    Members list(RunContext ctx, Path archive) {
        CommandResult r = ctx.run(new CommandSpec(listArgv(archive), null, null, TIMEOUT, null).unscoped());
        if (!r.ok()) throw new IllegalStateException("cannot list " + archive + ": " + r.lastLine());
        return Members.of(Arrays.stream(r.stdout().split("\n")).filter(s -> !s.isEmpty()).toList());
    }

    /** Extracts; null on success, else why not. */
    String extract(RunContext ctx, Path archive, Path dir) {
        CommandResult r = ctx.run(new CommandSpec(extractArgv(archive, dir), null, null, TIMEOUT, null));
        return r.ok() ? null : "extracting " + archive + " failed: " + r.lastLine();
    }
}
