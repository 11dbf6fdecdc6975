package dev.jsalt.minion.states.pkgrepo;

import dev.jsalt.minion.states.sys.SystemRoot;
import dev.jsalt.minion.states.sys.TextFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The one-line-style source files apt reads under a {@link SystemRoot}: {@code /etc/apt/sources.list} and
 * {@code /etc/apt/sources.list.d/*.list} (deb822 {@code .sources} files are not read: Salt 3006 does not manage them
 * either). Paths given to and returned by this class are the minion's view ({@code /etc/apt/...}); the root maps them.
 */
final class AptSources {
    static final String MAIN = "/etc/apt/sources.list";
    static final String PARTS = "/etc/apt/sources.list.d";

    /** A source line found in a file, by its line index. */
    record Found(String file, int index, SourceLine entry) {
    }

    private final SystemRoot root;

    AptSources(SystemRoot root) { this.root = root; }

    Path real(String file) { return root.path(file); }

    /** The files apt reads, plus {@code extra} (the state's {@code file}) if it is not one of them. */
    List<String> files(String extra) throws IOException {
        List<String> out = new ArrayList<>();
        if (Files.isRegularFile(real(MAIN))) out.add(MAIN);
        Path parts = real(PARTS);
        if (Files.isDirectory(parts)) {
            try (Stream<Path> s = Files.list(parts)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".list")).sorted()
                        .forEach(n -> out.add(PARTS + "/" + n));
            }
        }
        if (extra != null && !out.contains(extra) && Files.isRegularFile(real(extra))) out.add(extra);
        return out;
    }

    List<String> lines(String file) throws IOException {
        String text = TextFile.read(real(file));
        return text == null ? new ArrayList<>() : new ArrayList<>(TextFile.lines(text));
    }

    /** Every entry of the same source as {@code wanted}, in file order. */
    List<Found> find(SourceLine wanted, String extra) throws IOException {
        List<Found> out = new ArrayList<>();
        for (String f : files(extra)) {
            List<String> lines = lines(f);
            for (int i = 0; i < lines.size(); i++) {
                SourceLine e = SourceLine.parse(lines.get(i));
                if (e != null && e.sameSource(wanted)) out.add(new Found(f, i, e));
            }
        }
        return out;
    }

    /** Replaces line {@code index} of {@code file} ({@code text} null removes it); a sources.list.d file left empty goes. */
    void replace(String file, int index, String text) throws IOException {
        List<String> lines = lines(file);
        if (text == null) lines.remove(index);
        else lines.set(index, text);
        if (file.startsWith(PARTS + "/") && lines.stream().allMatch(String::isBlank)) {
            Files.deleteIfExists(real(file));
            return;
        }
        write(file, lines);
    }

    /** Appends {@code text} to {@code file}, creating it (0644) if needed. */
    void append(String file, String text) throws IOException {
        List<String> lines = lines(file);
        lines.add(text);
        write(file, lines);
    }

    /** {@code file} holds exactly {@code text} (Salt's clean_file). */
    void only(String file, String text) throws IOException { write(file, List.of(text)); }

    boolean holdsOnly(String file, String text) throws IOException {
        String now = TextFile.read(real(file));
        return (text + "\n").equals(now);
    }

    private void write(String file, List<String> lines) throws IOException {
        TextFile.write(real(file), TextFile.join(lines), "rw-r--r--");
    }
}
