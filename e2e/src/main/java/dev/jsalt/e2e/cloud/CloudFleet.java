package dev.jsalt.e2e.cloud;

import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.JsaltFleet;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.LabSpec;
import dev.jsalt.e2e.lab.ScratchDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lab of a cloud run, shared by CloudMapLabTest and the bench's {@code cloud} scenario: a master host {@code salt}
 * whose state tree is a file from the {@code role} grain plus the example fleet's firewall and VPN formulas, whose
 * reactor re-applies those two to the members when one joins, changes or leaves, and whose {@code cloud.yaml} points
 * at the DigitalOcean stand-in (droplets booted as lab hosts by {@link LabBooter}).
 */
public final class CloudFleet {
    /** The master's config folder on its host. */
    public static final String ETC = JsaltFleet.CONFIG_DIR;
    /** Who is on the VPN: the droplets' roles. */
    public static final String MEMBERS = "role=app or role=db";
    /** Each droplet publishes its tinc host entry, which the VPN and firewall formulas of the others read. */
    public static final String MINE = "{mine_functions: {tinc.host: {mine_function: tinc.host, net: vpn}}}";

    private CloudFleet() {
    }

    /**
     * The lab's master host and its configuration. {@code repo} is the jsalt checkout (its formulas are copied);
     * {@code probePort} is opened on tun0 to the VPN by the pillar, for tests that probe the mesh.
     */
    public static LabSpec.Builder fleet(LabSpec.Builder b, Path repo, int probePort) {
        return b.host("salt", 2).master("salt")
                .masterConfig("state_tree", Map.of("dir", stateTree(repo).toString()))
                .masterConfig("pillar_tree", Map.of("dir", pillarTree(probePort).toString()))
                // A member joins, changes or leaves: the members' firewalls and VPN follow (docs/reactor.md).
                .masterConfig("reactor", List.of(rule("jsalt/key/*/accepted"), rule("jsalt/key/*/deleted"), rule("jsalt/mine/*/tinc.host")));
    }

    private static Map<String, Object> rule(String event) {
        return Map.of("event", event, "apply", Map.of("target", MEMBERS, "sls", List.of("firewall", "vpn")));
    }

    /** A small highstate: a file from the role grain, and the example fleet's firewall and VPN formulas. */
    static Path stateTree(Path repo) {
        try {
            Path dir = ScratchDirs.create("jsalt-cloud-tree-");
            for (String formula : List.of("firewall", "vpn")) {
                Path to = Files.createDirectories(dir.resolve(formula));
                for (String f : List.of("init.sls", "map.jinja")) Files.copy(repo.resolve("states/tree").resolve(formula).resolve(f), to.resolve(f));
            }
            Files.createDirectories(dir.resolve("role"));
            Files.writeString(dir.resolve("role/init.sls"), """
                    /etc/jsalt-role:
                      file.managed:
                        - contents: {{ grains['role'] }}
                        - mode: '0644'
                    """);
            Files.writeString(dir.resolve("top.sls"), "base:\n  '*':\n    - role\n    - firewall\n    - vpn\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * No host is named in the pillar: the droplets' addresses are known only once they exist, and the formulas take
     * them from the mine. The one pillar setting opens the probe port on the VPN.
     */
    static Path pillarTree(int probePort) {
        try {
            Path dir = ScratchDirs.create("jsalt-cloud-pillar-");
            Files.writeString(dir.resolve("top.sls"), "base:\n  '*':\n    - firewall\n");
            Files.writeString(dir.resolve("firewall.sls"), """
                    firewall:
                      extra_rules:
                        vpn-probe: {interface: tun0, from: 10.88.0.0/24, port: %d, proto: tcp, comment: lab probe}
                    """.formatted(probePort));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On the master host: the provider's token (0600) and {@code cloud.yaml} with the stand-in as provider and the
     * profiles {@code db}, {@code app} (droplets that install jsalt and join) and {@code broken} (an install that fails).
     */
    public static void configure(LabHost salt, String apiToken, URI standIn) throws IOException {
        Path token = salt.hostSide(ETC + "/standin.token");
        Files.writeString(token, apiToken + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(salt.hostSide(ETC + "/cloud.yaml"), """
                master:
                  address: %s
                providers:
                  standin:
                    driver: digitalocean
                    token_file: standin.token
                    url: %s
                profiles:
                  db: {provider: standin, region: fra1, size: s-1vcpu-2gb, image: debian-12-x64, grains: {role: db}, install: %s, join_timeout: 60, minion: %s}
                  app: {provider: standin, region: fra1, size: s-1vcpu-2gb, image: debian-12-x64, grains: {role: app}, install: %s, join_timeout: 60, minion: %s}
                  broken: {provider: standin, region: fra1, size: s-1vcpu-1gb, image: debian-12-x64, install: 'exit 7', join_timeout: 8}
                """.formatted(salt.address(), standIn, LabBooter.INSTALL, MINE, LabBooter.INSTALL, MINE));
    }

    /** The jsalt CLI on the master host, polling the stand-in every 250 ms instead of 2 s. */
    public static ExecResult cli(Lab lab, String... args) {
        List<String> argv = new ArrayList<>(List.of("env", "JAVA_TOOL_OPTIONS=-Djsalt.cloud.poll_ms=250"));
        argv.addAll(JsaltFleet.cli(lab.jvm(), List.of(args)));
        return lab.requireMaster().exec(argv, Duration.ofMinutes(3));
    }
}
