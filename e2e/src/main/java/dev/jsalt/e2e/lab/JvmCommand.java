package dev.jsalt.e2e.lab;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the lab starts a jsalt JVM inside a host: the same java and classpath as the JVM that built the lab
 * (works from tests and from the shaded jar alike; /usr and /tmp are shared with every host).
 *
 * <p>{@code -XX:-UsePerfData}: every host's JVM is pid 2-5 of its own pid namespace, but /tmp/hsperfdata_root is
 * shared, so with perf data on they would overwrite each other's files.
 */
public record JvmCommand(String java, String classpath) {
    public static JvmCommand current() {
        String cp = absolute(System.getProperty("jsalt.lab.classpath", System.getProperty("java.class.path")));
        return new JvmCommand(ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java"), cp);
    }

    /** Hosts start their JVMs in another working directory: a relative entry (java -jar packaging/...) would miss. */
    static String absolute(String classpath) {
        List<String> out = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            if (!e.isEmpty()) out.add(Path.of(e).toAbsolutePath().normalize().toString());
        }
        return String.join(File.pathSeparator, out);
    }

    /** argv for {@code java [small-footprint flags] -Xmx{heapMb}m -cp CP MAIN ARGS...}. */
    public List<String> argv(int heapMb, String mainClass, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(options(heapMb));
        argv.add(mainClass);
        argv.addAll(args);
        return argv;
    }

    /** The JVM options and class path alone (for a java {@code @argfile} that a host's own launcher uses). */
    public List<String> options(int heapMb) {
        return List.of("-XX:-UsePerfData", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx" + heapMb + "m",
                "-cp", classpath);
    }
}
