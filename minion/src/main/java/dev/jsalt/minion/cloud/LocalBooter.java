package dev.jsalt.minion.cloud;

import dev.jsalt.cloud.droplets.DropletStandIn;
import dev.jsalt.cloud.droplets.UserData;
import dev.jsalt.minion.MinionDaemon;
import dev.jsalt.minion.config.MinionConfig;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Boots a stand-in droplet in this process, doing with its user-data what cloud-init would do that matters to jsalt:
 * writes the user-data's files under the droplet's own folder ({@code DIR/NAME-ID/...}, as a chroot would, so
 * {@code /etc/jsalt/minion.yaml} and the minion's root_dir land there), then starts the minion that minion.yaml
 * describes. The minion makes its own key and joins with the token. The package install, {@code systemctl} and the
 * profile's own commands ({@code runcmd}) are not run: a lab host does that (docs/cloud.md).
 *
 * <p>It lives with the minion because it starts minions, and is used by {@code jsalt cloud stand-in} and by the
 * master's tests (which may see the minion only at test scope); the cloud module itself sees no role.
 */
public final class LocalBooter implements DropletStandIn.Booter {
    private final Path dir;
    private final Map<Long, MinionDaemon> minions = new ConcurrentHashMap<>();
    private final AtomicInteger hosts = new AtomicInteger(10);

    public LocalBooter(Path dir) {
        this.dir = dir;
    }

    @Override
    public DropletStandIn.Addresses boot(DropletStandIn.Created d) throws Exception {
        Path root = Files.createDirectories(dir.resolve(d.name() + "-" + d.id()));
        Map<String, String[]> files = UserData.files(d.userData());
        if (!files.containsKey(UserData.MINION_YAML)) throw new IllegalStateException("the user-data writes no " + UserData.MINION_YAML);
        for (var f : files.entrySet()) {
            Path p = root.resolve(f.getKey().replaceFirst("^/+", ""));
            if (!p.normalize().startsWith(root)) throw new IllegalStateException("user-data writes outside the machine: " + f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue()[1]);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("0600".equals(f.getValue()[0]) ? "rw-------" : "rw-r--r--"));
        }
        Path minionYaml = root.resolve(UserData.MINION_YAML.substring(1));
        Map<String, Object> yaml = new Yaml().load(Files.readString(minionYaml));
        yaml.put("root_dir", root.resolve(String.valueOf(yaml.get("root_dir")).replaceFirst("^/+", "")).toString());
        Files.writeString(minionYaml, new Yaml().dump(yaml));
        MinionDaemon m = new MinionDaemon(MinionConfig.load(minionYaml.getParent()), new dev.jsalt.minion.exec.CommandRunner());
        minions.put(d.id(), m);
        m.start();
        int i = hosts.getAndIncrement();
        return new DropletStandIn.Addresses("203.0.113." + (i % 250 + 2), "10.10." + (i / 250) + "." + (i % 250 + 2));
    }

    @Override
    public void destroy(DropletStandIn.Created d) {
        MinionDaemon m = minions.remove(d.id());
        if (m != null) m.close();
    }

    public void closeAll() {
        minions.values().forEach(MinionDaemon::close);
        minions.clear();
    }
}
