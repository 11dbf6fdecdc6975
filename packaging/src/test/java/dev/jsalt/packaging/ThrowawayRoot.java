package dev.jsalt.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory dpkg treats as a whole system: {@code dpkg --root=DIR --force-script-chrootless} unpacks there and runs
 * the maintainer scripts on this host with DPKG_ROOT=DIR, which they honour. Nothing outside DIR changes, so the
 * install/upgrade/remove/purge cycle can run on a developer's machine or CI without touching the real system.
 */
final class ThrowawayRoot {
    final Path dir;

    ThrowawayRoot(Path dir) throws IOException {
        this.dir = dir;
        for (String d : List.of("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "var/log", "etc")) {
            Files.createDirectories(dir.resolve(d));
        }
        Files.writeString(dir.resolve("var/lib/dpkg/available"), "");
        // The dependencies, as installed stubs: dpkg then checks the real Depends lines instead of being forced.
        StringBuilder status = new StringBuilder();
        for (String[] p : new String[][]{{"default-jre-headless", "2:1.17-74"}, {"passwd", "1:4.13+dfsg1-1"},
                {"init-system-helpers", "1.65.2"}}) {
            status.append("Package: ").append(p[0]).append("\nStatus: install ok installed\nPriority: optional\n")
                    .append("Section: misc\nMaintainer: stub <stub@localhost>\nArchitecture: all\nVersion: ").append(p[1])
                    .append("\nDescription: stub for the packaging test\n\n");
        }
        Files.writeString(dir.resolve("var/lib/dpkg/status"), status.toString());
        // Just enough of an account database for useradd --prefix.
        Files.writeString(dir.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(dir.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(dir.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(dir.resolve("etc/gshadow"), "root:*::\n");
    }

    String dpkg(String... args) {
        List<String> argv = new ArrayList<>(List.of("dpkg", "--root=" + dir, "--force-script-chrootless", "--force-not-root"));
        argv.addAll(List.of(args));
        return Cmd.ok(argv, java.util.Map.of());
    }

    /** {@code Package Version Status} of each of our packages dpkg still knows, one per line. */
    String packages() {
        Cmd c = Cmd.run("dpkg-query", "--admindir=" + dir.resolve("var/lib/dpkg"), "-W", "-f", "${Package} ${Version} ${Status}\\n",
                "jsalt*");
        return c.exit() == 0 ? c.output() : "";
    }

    Path path(String absolute) {
        return dir.resolve(absolute.substring(1));
    }
}
