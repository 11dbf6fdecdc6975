package dev.jsalt.master.cloud;

import dev.jsalt.master.it.FreePorts;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * A master's config folder for cloud tests (here and, through the master's test jar, the CLI's): master.yaml on
 * loopback, a state tree whose highstate gives {@code role: app} one harmless state, the provider's token in a 0600
 * file, and a cloud.yaml whose provider {@code do} is the stand-in at {@code url}, with the profiles given.
 */
public record CloudMasterDir(Path dir, int port, int keyPort) {

    public static CloudMasterDir write(Path dir, String providerToken, URI url, String... profileLines) throws IOException {
        int port = FreePorts.free();
        int keyPort = FreePorts.free();
        Files.createDirectories(dir.resolve("tree"));
        Files.writeString(dir.resolve("tree/top.sls"), "base:\n  'role:app':\n    - match: grain\n    - motd\n");
        Files.writeString(dir.resolve("tree/motd.sls"), "motd:\n  test.succeed_without_changes:\n    - name: hello from {{ grains['role'] }}\n");
        Files.writeString(dir.resolve("master.yaml"), String.join("\n", "root_dir: root", "bind: 127.0.0.1", "port: " + port,
                "key_port: " + keyPort, "api:", "  bind: 127.0.0.1", "  port: " + FreePorts.free(), "job_timeout: 10",
                "state_tree:", "  dir: tree", ""));
        Path token = dir.resolve("do.token");
        Files.writeString(token, providerToken + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        List<String> cloud = new ArrayList<>(List.of("master:", "  address: 127.0.0.1", "  port: " + port, "  key_port: " + keyPort,
                "providers:", "  do:", "    driver: digitalocean", "    token_file: do.token", "    url: " + url, "profiles:"));
        cloud.addAll(List.of(profileLines));
        Files.writeString(dir.resolve("cloud.yaml"), String.join("\n", cloud) + "\n");
        return new CloudMasterDir(dir, port, keyPort);
    }
}
