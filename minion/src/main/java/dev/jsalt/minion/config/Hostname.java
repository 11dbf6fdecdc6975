package dev.jsalt.minion.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * This machine's name without asking a resolver: the kernel's hostname, then {@code /etc/hostname}. A fresh
 * debootstrap root or a cloud image often has a hostname that nothing resolves (no {@code /etc/hosts} line, no DNS
 * record), so {@code InetAddress.getLocalHost()} fails there although the name is set; the minion id and the
 * hostname grain must not depend on it.
 */
public final class Hostname {
    public static final Path KERNEL = Path.of("/proc/sys/kernel/hostname");
    public static final Path ETC = Path.of("/etc/hostname");
    /** What an unset kernel hostname reads as, and names that say nothing about the machine. */
    private static final Set<String> UNSET = Set.of("(none)", "localhost", "localhost.localdomain", "localhost6");

    private Hostname() {
    }

    /** The first name found in the kernel, then /etc/hostname; empty if both are empty or unset. */
    public static Optional<String> read() {
        return read(List.of(KERNEL, ETC));
    }

    static Optional<String> read(List<Path> sources) {
        for (Path p : sources) {
            Optional<String> name = firstName(p);
            if (name.isPresent()) return name;
        }
        return Optional.empty();
    }

    /** The first line that is not blank or a comment, trimmed; an unset or localhost name counts as none. */
    static Optional<String> firstName(Path file) {
        try {
            for (String line : Files.readAllLines(file)) {
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                return UNSET.contains(s) ? Optional.empty() : Optional.of(s);
            }
        } catch (IOException | RuntimeException e) {
            // missing or unreadable: try the next source
        }
        return Optional.empty();
    }

    /** The error a minion without an id and without a hostname stops with. */
    static String noneMessage(List<Path> sources) {
        StringBuilder sb = new StringBuilder("no 'id' set and this machine has no hostname (");
        for (int i = 0; i < sources.size(); i++) sb.append(i == 0 ? "" : ", ").append(sources.get(i));
        return sb.append(" empty or 'localhost'): set 'id:' in minion.yaml or the hostname (hostnamectl set-hostname NAME)").toString();
    }
}
