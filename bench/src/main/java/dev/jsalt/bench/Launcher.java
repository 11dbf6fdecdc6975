package dev.jsalt.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the bench starts jsalt processes: {@code java FLAGS -jar jsalt.jar ARGS} when it runs from the shaded jar (or
 * one is named), else the running JVM's class path with the CLI's main class (tests run from target/classes).
 *
 * @param extraFlags per-role flags added after the role's own
 * @param cdsDir     where the minion's and the CLI's class-data-sharing archives go, as the packaged launcher keeps them
 *                   (first run records, later runs map the archive); null for none. Only a jar can be archived.
 */
public record Launcher(Path java, Path jar, String classPath, Map<Role, List<String>> extraFlags, Path cdsDir) {
    static final String MAIN = "dev.jsalt.cli.Main";

    public Launcher {
        extraFlags = Map.copyOf(extraFlags);
    }

    /** The running JVM's java binary, and this code's jar if it was loaded from one. */
    public static Launcher current(Path jarOverride) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (jarOverride != null) return new Launcher(java, jarOverride.toAbsolutePath(), null, Map.of(), null);
        try {
            Path self = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) return new Launcher(java, self, null, Map.of(), null);
        } catch (Exception e) {
            // fall through to the class path
        }
        return new Launcher(java, null, System.getProperty("java.class.path"), Map.of(), null);
    }

    public Launcher withFlags(Role role, List<String> flags) {
        Map<Role, List<String>> m = new EnumMap<>(Role.class);
        m.putAll(extraFlags);
        m.put(role, List.copyOf(flags));
        return new Launcher(java, jar, classPath, m, cdsDir);
    }

    /** The same launcher keeping class-data-sharing archives in {@code dir}, when it runs a jar. */
    public Launcher withCds(Path dir) {
        return new Launcher(java, jar, classPath, extraFlags, jar == null ? null : dir);
    }

    /** Client commands the packaged launcher keeps an archive of their own for. */
    private static final Set<String> OWN_ARCHIVE = Set.of("run", "apply", "show", "keys", "jobs", "mine",
            "events", "orchestrate", "inventory");

    /**
     * The archive a process maps once it is recorded, or null when it gets none: one for the minion, one per everyday
     * client command, as packaging/src/deb/files/bin/jsalt keeps them.
     */
    public Path cdsArchive(Role role, List<String> args) {
        if (cdsDir == null || !role.classDataSharing()) return null;
        String name = role.name().toLowerCase(Locale.ROOT);
        if (role == Role.CLI && !args.isEmpty() && OWN_ARCHIVE.contains(args.get(0))) name += "-" + args.get(0);
        return cdsDir.resolve(name + ".jsa");
    }

    public List<String> command(Role role, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(role.flags());
        cmd.addAll(extraFlags.getOrDefault(role, List.of()));
        Path archive = cdsArchive(role, args);
        if (archive != null) {
            cmd.addAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            if (Files.isRegularFile(archive)) {
                cmd.add("-XX:SharedArchiveFile=" + archive);
            } else if (role == Role.MINION) {
                // as the launcher: the minion records its archive itself once connected and idle (ClassDataRecorder)
                cmd.addAll(List.of("-XX:+RecordDynamicDumpInfo", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                        "-Djsalt.cds.record=" + archive));
            } else {
                cmd.add("-XX:ArchiveClassesAtExit=" + archive);
            }
        }
        if (jar != null) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        } else {
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(MAIN);
        }
        cmd.addAll(args);
        return cmd;
    }

    public String describe() { return jar != null ? jar.toString() : "class path of this JVM"; }
}
