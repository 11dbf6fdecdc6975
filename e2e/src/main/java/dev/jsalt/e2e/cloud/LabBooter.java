package dev.jsalt.e2e.cloud;

import dev.jsalt.cloud.droplets.DropletStandIn;
import dev.jsalt.e2e.lab.Boot;
import dev.jsalt.e2e.lab.HostSpec;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.Netns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Boots each droplet the DigitalOcean stand-in creates as a booted lab host ({@link Boot#SYSTEMD}: a root file system
 * and a systemd of its own, as a droplet has), named after the droplet, and runs its user-data there as root, as
 * cloud-init does on first boot ({@link CloudInit}). Deleting the droplet removes the host.
 *
 * <p>Why booted and not light: the user-data writes {@code /etc/jsalt/minion.yaml} and the minion's root_dir under
 * {@code /var/lib/jsalt}, and runs {@code systemctl enable --now jsalt-minion}; a light host shares the machine's /etc
 * and /var/lib and has no systemd, so cloud-init there would write into the machine itself.
 *
 * <p>Addresses, as the stand-in reports them: private = the host's address on the lab's switch ({@code eth1}, where the
 * master is reached), public = {@code 203.0.113.INDEX} (TEST-NET-3) on {@code eth0}, a veth to nowhere: the droplet's public side
 * which nothing in the lab routes to. Hosts get indexes from {@value #FIRST_INDEX} up, so they never meet declared
 * hosts below that.
 *
 * <p>jsalt comes as a droplet's package would, through the profile's {@code install:} setting: {@link #INSTALL} is the
 * lab's installer ({@code install-jsalt-minion.sh}: the {@code jsalt} launcher and the {@code jsalt-minion} unit),
 * running jsalt from the lab's exported class path with the options in {@link #ARGS}. The booter puts both on the host
 * before cloud-init runs, like a custom image that has them.
 */
public final class LabBooter implements DropletStandIn.Booter {
    private static final Logger LOG = LoggerFactory.getLogger(LabBooter.class);
    /** The install command for a profile whose droplets boot in the lab. */
    public static final String INSTALL = "/opt/jsalt-lab/bin/install-jsalt-minion";
    /** The JVM options and class path of the {@code jsalt} launcher in a booted cloud host (a java @argfile). */
    static final String ARGS = "/opt/jsalt-lab/jsalt.args";
    static final int FIRST_INDEX = 100;
    private static final int HEAP_MB = 96;

    private final Lab lab;
    private final AtomicInteger nextIndex = new AtomicInteger(FIRST_INDEX);
    private final Map<Long, String> hosts = new ConcurrentHashMap<>();
    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();
    private final Map<String, CloudInit.Result> firstBoots = new ConcurrentHashMap<>();

    public LabBooter(Lab lab) {
        this.lab = lab;
    }

    @Override
    public DropletStandIn.Addresses boot(DropletStandIn.Created droplet) {
        int index = nextIndex.getAndIncrement();
        LabHost host = lab.addHost(new HostSpec(droplet.name(), index, Map.of(), Boot.SYSTEMD));
        hosts.put(droplet.id(), host.name());
        // Deleted while it booted (a create given up on): the delete found no host yet, so this removes it.
        if (deleted.contains(droplet.id())) {
            destroy(droplet);
            throw new IllegalStateException("droplet " + droplet.id() + " was deleted while it booted");
        }
        String publicAddress = "203.0.113." + index;
        // A veth whose other end stays in the switch's namespace, on no bridge: an interface that leads nowhere (the
        // dummy driver is not in every kernel). It goes with the host's namespace.
        Netns.ip(lab.state().switchNs(), "link", "add", "p" + index, "type", "veth", "peer", "name", "eth0", "netns", host.netns());
        Netns.ip(host.netns(), "addr", "add", publicAddress + "/24", "dev", "eth0");
        Netns.ip(host.netns(), "link", "set", "eth0", "up");
        provideJsalt(host);
        CloudInit.Result r = CloudInit.run(host, droplet.userData(), host.dir().resolve("logs").resolve("cloud-init.log"));
        firstBoots.put(droplet.name(), r);
        // As on DigitalOcean, a failed cloud-init does not stop the droplet being active: its minion just never joins.
        if (!r.ok()) LOG.warn("droplet {}: user-data failed on first boot:\n{}", droplet.name(), r.failures());
        return new DropletStandIn.Addresses(publicAddress, host.address());
    }

    @Override
    public void destroy(DropletStandIn.Created droplet) {
        deleted.add(droplet.id());
        String host = hosts.remove(droplet.id());
        if (host != null) lab.removeHost(host);
    }

    /** How the first boot of the droplet named {@code name} ran its user-data, if it has booted. */
    public CloudInit.Result firstBoot(String name) {
        return firstBoots.get(name);
    }

    private void provideJsalt(LabHost host) {
        try {
            Path args = host.hostSide(ARGS);
            Files.createDirectories(args.getParent());
            Files.writeString(args, String.join("\n", lab.jvm(host).options(HEAP_MB)) + "\n");
            Path install = host.hostSide(INSTALL);
            Files.createDirectories(install.getParent());
            try (InputStream in = LabBooter.class.getResourceAsStream("install-jsalt-minion.sh")) {
                if (in == null) throw new IllegalStateException("resource install-jsalt-minion.sh missing from the jsalt-e2e jar");
                Files.copy(in, install, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(install, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put jsalt on host " + host.name(), e);
        }
    }
}
