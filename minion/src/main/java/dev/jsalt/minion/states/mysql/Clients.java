package dev.jsalt.minion.states.mysql;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the client programs: MariaDB's names first, MySQL's as fallback (Debian ships both for MariaDB). */
final class Clients {
    private Clients() {
    }

    static String client() { return find("mariadb", "mysql"); }

    static String dump(ServerFlavor flavor) {
        return flavor.mariadb() ? find("mariadb-dump", "mysqldump") : find("mysqldump", "mariadb-dump");
    }

    static String find(String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String name : names) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p.toString();
            }
        }
        // let the runner report the missing program by name
        return names[0];
    }
}
