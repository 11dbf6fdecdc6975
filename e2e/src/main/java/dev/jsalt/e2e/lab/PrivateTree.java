package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prepares the directories a host bind-mounts over its own paths, so what ufw, tincd, mariadbd and the minion
 * write stays in that host. Config dirs start as copies of this machine's (a host looks freshly installed);
 * data dirs start empty.
 *
 * <p>Two paths have no mountpoint on a stock machine and are handled by binding their parent instead, because
 * creating a mountpoint would change the machine's own filesystem: {@code /var/log/mysql} (the whole of
 * {@code /var/log} is private, seeded with the machine's top-level log directories, empty) and the minion's
 * root_dir, which the lab puts under a private {@code /srv} ({@code /srv/jsalt}).
 */
final class PrivateTree {
    private static final Logger LOG = LoggerFactory.getLogger(PrivateTree.class);

    /** Inside the host: where the minion/master keep their root_dir and config. */
    static final String JSALT_ROOT = "/srv/jsalt";
    /** Inside the host: daemon pid files written by {@link LabHost#spawnDaemon}. */
    static final String PID_DIR = "/run/jlab";
    /** Inside the host: created by the init once every mount is in place. */
    static final String READY = "/run/.jlab-ready";

    /** One bind mount: host-side {@code source} over {@code target} inside the host. */
    record Bind(Path source, String target) {
    }

    private PrivateTree() {
    }

    /**
     * Creates the tree under {@code dir} and returns the binds to make, in order. {@code fleet} maps every lab
     * host name to its address: the host's private /etc/hosts resolves them, like a private network with DNS.
     */
    static List<Bind> prepare(Path dir, String hostname, Map<String, String> fleet) {
        try {
            Files.createDirectories(dir.resolve("logs"));
            List<Bind> binds = new ArrayList<>();
            generated(binds, dir, "/etc/hostname", "etc-hostname", hostname + "\n");
            generated(binds, dir, "/etc/hosts", "etc-hosts", hostsFile(hostname, fleet));
            // The host's own resolver configuration, starting as the machine's: a lab that runs a name server points
            // its hosts at it (MigrationStory) without touching the machine's.
            if (Files.isRegularFile(Path.of("/etc/resolv.conf"))) {
                generated(binds, dir, "/etc/resolv.conf", "etc-resolv.conf", Files.readString(Path.of("/etc/resolv.conf")));
            }
            copied(binds, dir, "/etc/ufw", "etc-ufw");
            copied(binds, dir, "/etc/default/ufw", "default-ufw");
            copied(binds, dir, "/etc/tinc", "etc-tinc");
            copied(binds, dir, "/etc/mysql", "etc-mysql");

            Path mysqlData = mkdir(dir.resolve("var-lib-mysql"));
            chown(mysqlData, "mysql", "mysql");
            bindIfTarget(binds, mysqlData, "/var/lib/mysql");

            Path run = mkdir(dir.resolve("run"));
            chown(mkdir(run.resolve("mysqld")), "mysql", "mysql");
            Files.setAttribute(mkdir(run.resolve("lock")), "unix:mode", 01777);
            mkdir(run.resolve("jlab"));
            binds.add(new Bind(run, "/run"));

            binds.add(new Bind(varLog(dir.resolve("var-log")), "/var/log"));

            Path srv = mkdir(dir.resolve("srv"));
            mkdir(srv.resolve("jsalt").resolve("etc"));
            binds.add(new Bind(srv, "/srv"));
            return binds;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare host tree " + dir, e);
        }
    }

    /** The host-side path of {@code pathInHost} if it lies in one of the binds (for reading logs after a crash). */
    static Path hostSide(Path dir, String pathInHost) {
        if (pathInHost.startsWith("/run/")) return dir.resolve("run").resolve(pathInHost.substring(5));
        if (pathInHost.startsWith("/srv/")) return dir.resolve("srv").resolve(pathInHost.substring(5));
        if (pathInHost.startsWith("/var/log/")) return dir.resolve("var-log").resolve(pathInHost.substring(9));
        throw new IllegalArgumentException(pathInHost + " is not under a private path with a fixed host side");
    }

    static String hostsFile(String hostname, Map<String, String> fleet) {
        StringBuilder sb = new StringBuilder("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        if (!fleet.containsKey(hostname)) sb.append("127.0.1.1\t").append(hostname).append('\n');
        fleet.forEach((name, addr) -> sb.append(addr).append('\t').append(name).append('\n'));
        return sb.toString();
    }

    /** A file the lab writes for the host, bound over {@code target} (only if the machine has it: it must be a mountpoint). */
    private static void generated(List<Bind> binds, Path dir, String target, String name, String content) throws IOException {
        if (!Files.isRegularFile(Path.of(target))) return;
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        Files.setAttribute(f, "unix:mode", 0644);
        binds.add(new Bind(f, target));
    }

    private static void copied(List<Bind> binds, Path dir, String target, String name) throws IOException {
        Path src = Path.of(target);
        Path copy = dir.resolve(name);
        if (!Files.exists(src, LinkOption.NOFOLLOW_LINKS)) {
            LOG.warn("{} does not exist on this machine (package not installed?); it is not private in the lab", target);
            return;
        }
        // cp -a keeps owners, modes and symlinks exactly as the package installed them.
        Cmd.check(List.of("cp", "-a", "--", target, copy.toString()), Duration.ofSeconds(30), "copying " + target);
        binds.add(new Bind(copy, target));
    }

    private static void bindIfTarget(List<Bind> binds, Path src, String target) {
        if (Files.isDirectory(Path.of(target))) {
            binds.add(new Bind(src, target));
        } else {
            LOG.warn("{} does not exist on this machine; it is not private in the lab", target);
        }
    }

    /** A private /var/log: the machine's top-level log directories (empty, same owner and mode) plus mysql/. */
    private static Path varLog(Path dst) throws IOException {
        mkdir(dst);
        try (Stream<Path> s = Files.list(Path.of("/var/log"))) {
            for (Path p : s.toList()) {
                if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                Path d = mkdir(dst.resolve(p.getFileName().toString()));
                Files.setAttribute(d, "unix:mode", Files.getAttribute(p, "unix:mode"));
                Files.setAttribute(d, "unix:uid", Files.getAttribute(p, "unix:uid"));
                Files.setAttribute(d, "unix:gid", Files.getAttribute(p, "unix:gid"));
            }
        }
        Path mysql = mkdir(dst.resolve("mysql"));
        chown(mysql, "mysql", "adm");
        Files.setAttribute(mysql, "unix:mode", 02750); // Debian's mysql:adm rwxr-s---
        return dst;
    }

    private static Path mkdir(Path p) throws IOException {
        return Files.createDirectories(p);
    }

    private static void chown(Path p, String user, String group) throws IOException {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        try {
            UserPrincipal u = users.lookupPrincipalByName(user);
            view.setOwner(u);
        } catch (UserPrincipalNotFoundException e) {
            LOG.debug("no user {} on this machine; {} stays root-owned", user, p);
        }
        try {
            GroupPrincipal g = users.lookupPrincipalByGroupName(group);
            view.setGroup(g);
        } catch (UserPrincipalNotFoundException e) {
            LOG.debug("no group {} on this machine", group);
        }
    }
}
