package dev.jsalt.e2e.lab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The base root file system of booted lab hosts: Debian 12 (minbase) with systemd, a Java 17 runtime and the tools the
 * lab tests use, built once with {@code debootstrap} by the fixed script {@code image-build.sh} and cached in
 * {@code /var/cache/jsalt-lab/images/bookworm-KEY/root}, KEY being a checksum of that script: a changed recipe builds
 * a new image (and removes the images of other recipes that no host has mounted and nobody used for two days). Hosts
 * never write to it: each mounts it as the lower layer of an overlay.
 * Builders in several JVMs at once are serialized by a file lock; the first builds, the others wait and use it.
 */
public final class LabImage {
    private static final Logger LOG = LoggerFactory.getLogger(LabImage.class);
    public static final Path CACHE = Path.of(System.getProperty("jsalt.lab.imageCache", "/var/cache/jsalt-lab"));
    static final String SCRIPT = "image-build.sh";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(20);
    private static final Pattern DEBIAN_URI = Pattern.compile("(https?://\\S+/debian)/?(\\s|$)");

    private LabImage() {
    }

    /** The image's root directory, building it first if the cache has none for the current recipe. */
    public static Path ensure() {
        Path root = imageDir().resolve("root");
        if (Files.isRegularFile(imageDir().resolve("ready"))) {
            markUsed(imageDir());
            return root;
        }
        try {
            Files.createDirectories(CACHE);
            try (RandomAccessFile raf = new RandomAccessFile(CACHE.resolve(".lock").toFile(), "rw");
                 FileChannel ch = raf.getChannel();
                 FileLock ignored = ch.lock()) {
                if (Files.isRegularFile(imageDir().resolve("ready"))) {
                    markUsed(imageDir());
                    return root;
                }
                build();
                markUsed(imageDir());
                return root;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the lab's base image in " + CACHE, e);
        }
    }

    /** Whether the image for the current recipe is built (a booted host then costs no debootstrap). */
    public static boolean cached() { return Files.isRegularFile(imageDir().resolve("ready")); }

    /** {@code CACHE/images/bookworm-KEY}. */
    public static Path imageDir() { return CACHE.resolve("images").resolve("bookworm-" + key()); }

    /** First 16 hex digits of the SHA-256 of the build script: the recipe. */
    static String key() {
        try (InputStream in = LabImage.class.getResourceAsStream(SCRIPT)) {
            if (in == null) throw new IllegalStateException("resource " + SCRIPT + " missing from the jsalt-e2e jar");
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@link #ensure} needs from this machine to build the image, or empty if it can (or need not). */
    public static Optional<String> missing() {
        if (cached()) return Optional.empty();
        if (Requirements.which("debootstrap").isEmpty()) return Optional.of("not installed: debootstrap (e2e/lab-deps.sh installs it)");
        if (mirror().isEmpty()) return Optional.of("no Debian mirror in /etc/apt/sources.list(.d) to build the lab's base image from");
        return Optional.empty();
    }

    private static void build() throws IOException {
        String mirror = mirror().orElseThrow(() -> new LabException("no Debian mirror in /etc/apt/sources.list(.d) to build the lab's base image from"));
        Path images = Files.createDirectories(CACHE.resolve("images"));
        Path tmp = images.resolve(".building-" + key() + "-" + ProcessHandle.current().pid());
        removeTree(tmp);
        Files.createDirectories(tmp);
        Path script = Scripts.install(tmp, SCRIPT);
        Path log = tmp.resolve("build.log");
        LOG.info("building the lab's base image (Debian bookworm from {}) into {}: about 2-3 minutes, once", mirror, imageDir());
        long t0 = System.nanoTime();
        int exit = runLogged(List.of("/bin/sh", script.toString(), tmp.resolve("root").toString(), mirror), log);
        if (exit != 0) {
            String tail = HostInit.tail(log);
            removeTree(tmp);
            throw new LabException("building the lab's base image failed (exit " + exit + "): " + tail);
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000;
        String size = Cmd.run(List.of("du", "-sm", tmp.resolve("root").toString()), Duration.ofMinutes(2)).stdout().split("\\s")[0];
        Files.writeString(tmp.resolve("ready"), "built " + java.time.Instant.now() + " in " + seconds + " s, " + size + " MB, from " + mirror + "\n");
        Path dst = imageDir();
        removeTree(dst);
        Files.move(tmp, dst);
        LOG.info("lab base image built in {} s ({} MB): {}", seconds, size, dst);
        // Images of other recipes go, unless another checkout (a branch with an older or newer recipe) still uses
        // them: a host's overlay on one, or a use within KEEP_UNUSED, keeps it (removing it would pull the root from
        // under a running host, or make the two checkouts rebuild each other's image in turn).
        Set<String> mounted = lowerDirs(Files.readString(Path.of("/proc/self/mountinfo")));
        try (Stream<Path> s = Files.list(images)) {
            for (Path old : s.filter(p -> !p.equals(dst) && p.getFileName().toString().startsWith("bookworm-")).toList()) {
                if (!removable(old, mounted, java.time.Instant.now())) {
                    LOG.info("keeping the lab image of another recipe, mounted or used within {}: {}", KEEP_UNUSED, old);
                    continue;
                }
                LOG.info("removing the lab image of another recipe, unused for {}: {}", KEEP_UNUSED, old);
                removeTree(old);
            }
        }
    }

    /** How long an image of another recipe is kept after its last use. */
    static final Duration KEEP_UNUSED = Duration.ofDays(2);
    private static final String USED = "used";

    /** Records a use of the image in {@code dir} (its {@code used} file's mtime). */
    private static void markUsed(Path dir) {
        try {
            Path used = dir.resolve(USED);
            if (!Files.exists(used)) Files.createFile(used);
            Files.setLastModifiedTime(used, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
        } catch (IOException e) {
            LOG.debug("cannot record the use of {}: {}", dir, e.toString());
        }
    }

    /** Whether the image in {@code dir} may go: no overlay has its root as a lower layer, and no use within KEEP_UNUSED. */
    static boolean removable(Path dir, Set<String> mountedLowerDirs, java.time.Instant now) {
        if (mountedLowerDirs.contains(dir.resolve("root").toString())) return false;
        try {
            Path used = dir.resolve(USED);
            Path stamp = Files.exists(used) ? used : dir.resolve("ready");
            if (!Files.exists(stamp)) return true;
            return Files.getLastModifiedTime(stamp).toInstant().plus(KEEP_UNUSED).isBefore(now);
        } catch (IOException e) {
            return true;
        }
    }

    /** The {@code lowerdir}s of the overlay mounts in a {@code /proc/PID/mountinfo} text. */
    static Set<String> lowerDirs(String mountinfo) {
        Set<String> out = new java.util.HashSet<>();
        for (String line : mountinfo.split("\n")) {
            int sep = line.indexOf(" - ");
            if (sep < 0) continue;
            String[] after = line.substring(sep + 3).split(" ");
            if (after.length < 3 || !after[0].equals("overlay")) continue;
            for (String opt : after[2].split(",")) {
                if (!opt.startsWith("lowerdir=")) continue;
                for (String dir : opt.substring("lowerdir=".length()).split(":")) out.add(dir.replace("\\040", " "));
            }
        }
        return out;
    }

    /** Runs {@code argv} with stdout and stderr in {@code log} (debootstrap is chatty); its exit code, -1 on timeout. */
    private static int runLogged(List<String> argv, Path log) throws IOException {
        Process p = new ProcessBuilder(argv).redirectInput(new java.io.File("/dev/null")).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(BUILD_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                Cmd.killTree(p.toHandle());
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Cmd.killTree(p.toHandle());
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while building the lab's base image", e);
        }
    }

    /** The Debian mirror this machine's apt uses (the main archive, not security), e.g. http://deb.debian.org/debian. */
    static Optional<String> mirror() {
        String override = System.getProperty("jsalt.lab.mirror", System.getenv("JSALT_LAB_MIRROR"));
        if (override != null && !override.isBlank()) return Optional.of(override.strip());
        List<Path> files = new java.util.ArrayList<>(List.of(Path.of("/etc/apt/sources.list")));
        try (Stream<Path> s = Files.list(Path.of("/etc/apt/sources.list.d"))) {
            s.filter(p -> p.toString().endsWith(".list") || p.toString().endsWith(".sources")).sorted().forEach(files::add);
        } catch (IOException e) {
            // no sources.list.d
        }
        for (Path f : files) {
            try {
                Optional<String> m = mirrorIn(Files.readString(f));
                if (m.isPresent()) return m;
            } catch (IOException e) {
                // unreadable: next
            }
        }
        return Optional.empty();
    }

    /** The first Debian archive URI in a sources file (one-line or deb822 format), skipping comments and security. */
    static Optional<String> mirrorIn(String text) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("#") || !(l.startsWith("deb ") || l.startsWith("URIs:"))) continue;
            Matcher m = DEBIAN_URI.matcher(l.replaceAll("\\[[^]]*]", ""));
            if (m.find() && !m.group(1).contains("security")) return Optional.of(m.group(1));
        }
        return Optional.empty();
    }

    static void removeTree(Path dir) {
        if (!Files.exists(dir)) return;
        Cmd.run(List.of("rm", "-rf", "--one-file-system", "--", dir.toString()), Duration.ofMinutes(5));
    }
}
