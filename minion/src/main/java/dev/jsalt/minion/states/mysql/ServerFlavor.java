package dev.jsalt.minion.states.mysql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which server we talk to, and therefore which replication SQL it speaks. MariaDB keeps {@code CHANGE MASTER TO}
 * and {@code SHOW SLAVE STATUS}; MySQL renamed them in 8.0.22/8.0.23 and removed the old names in 8.4.
 */
public record ServerFlavor(boolean mariadb, int major, int minor, int patch, String version) {
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** From {@code SELECT VERSION(), @@version_comment}. */
    public static ServerFlavor detect(String version, String comment) {
        String v = version == null ? "" : version;
        boolean maria = v.toLowerCase(Locale.ROOT).contains("mariadb")
                || (comment != null && comment.toLowerCase(Locale.ROOT).contains("mariadb"));
        Matcher m = VERSION.matcher(v);
        if (!m.find()) return new ServerFlavor(maria, 0, 0, 0, v);
        return new ServerFlavor(maria, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), v);
    }

    private boolean mysqlAtLeast(int ma, int mi, int pa) {
        if (mariadb) return false;
        if (major != ma) return major > ma;
        if (minor != mi) return minor > mi;
        return patch >= pa;
    }

    /** MySQL 8.0.23+ speaks CHANGE REPLICATION SOURCE TO with SOURCE_* options. */
    public boolean sourceSyntax() { return mysqlAtLeast(8, 0, 23); }

    /** MySQL 8.0.22+ has SHOW REPLICA STATUS / START REPLICA; MariaDB's aliases exist, but SLAVE works everywhere. */
    public boolean replicaSyntax() { return mysqlAtLeast(8, 0, 22); }

    public String showReplicaStatus() { return replicaSyntax() ? "SHOW REPLICA STATUS" : "SHOW SLAVE STATUS"; }

    public String startReplica() { return replicaSyntax() ? "START REPLICA" : "START SLAVE"; }

    public String stopReplica() { return replicaSyntax() ? "STOP REPLICA" : "STOP SLAVE"; }

    public String resetReplicaAll() { return replicaSyntax() ? "RESET REPLICA ALL" : "RESET SLAVE ALL"; }

    public String changeSourceTo() { return sourceSyntax() ? "CHANGE REPLICATION SOURCE TO" : "CHANGE MASTER TO"; }

    /** Option name in CHANGE ... TO: {@code MASTER_HOST} or {@code SOURCE_HOST}. */
    public String option(String suffix) { return (sourceSyntax() ? "SOURCE_" : "MASTER_") + suffix; }

    /** The dump program that matches the server's client tools. */
    public String dumpProgram() { return mariadb ? "mariadb-dump" : "mysqldump"; }

    @Override
    public String toString() { return (mariadb ? "MariaDB " : "MySQL ") + major + "." + minor + "." + patch; }
}
