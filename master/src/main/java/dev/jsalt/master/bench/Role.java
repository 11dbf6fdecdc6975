package dev.jsalt.master.bench;

import java.util.List;

/**
 * The JVM flags each kind of jsalt process gets, copied from the packaged launcher (packaging/src/deb/files/bin/jsalt)
 * so the bench measures what is shipped. The swarm is a test tool and gets a heap sized for thousands of minions.
 */
public enum Role {
    MASTER("-Xms64m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"),
    MINION("-Xms4m", "-Xmx24m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:MaxMetaspaceSize=48m", "-XX:ReservedCodeCacheSize=16m", "-XX:+ExitOnOutOfMemoryError"),
    CLI("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"),
    SWARM("-Xmx1g", "-Xss512k", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private final List<String> flags;

    Role(String... flags) {
        this.flags = List.of(flags);
    }

    public List<String> flags() { return flags; }
}
