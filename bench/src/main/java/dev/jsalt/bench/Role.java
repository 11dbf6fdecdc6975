package dev.jsalt.bench;

import java.util.List;

/**
 * The JVM flags each kind of jsalt process gets, copied from the packaged launcher (packaging/src/deb/files/bin/jsalt)
 * so the bench measures what is shipped. The swarm is a test tool and gets a heap sized for thousands of minions.
 */
public enum Role {
    MASTER(false, "-Xms64m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-XX:+UnlockExperimentalVMOptions",
            "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=5000"),
    MINION(true, "-Xms4m", "-Xmx24m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:MaxMetaspaceSize=48m", "-XX:ReservedCodeCacheSize=16m",
            "-XX:+UnlockExperimentalVMOptions", "-XX:+IgnoreUnrecognizedVMOptions", "-XX:TrimNativeHeapInterval=5000", "-Xmn1m", "-XX:+ExitOnOutOfMemoryError"),
    CLI(true, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"),
    SWARM(false, "-Xmx1g", "-Xss512k", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private final boolean classDataSharing;
    private final List<String> flags;

    Role(boolean classDataSharing, String... flags) {
        this.classDataSharing = classDataSharing;
        this.flags = List.of(flags);
    }

    public List<String> flags() { return flags; }

    /** Whether the packaged launcher keeps a class-data-sharing archive for this role. */
    public boolean classDataSharing() { return classDataSharing; }
}
