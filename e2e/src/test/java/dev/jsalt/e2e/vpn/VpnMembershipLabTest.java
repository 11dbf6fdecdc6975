package dev.jsalt.e2e.vpn;

import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.TcpProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * Issue 6 end to end: a real master and real minions in the lab, the `vpn` formula from states/tree, mine data
 * (`tinc.host`) and reactor rules in master.yaml. Accepting the keys is the only operator action: the mesh forms by
 * itself; a fourth server joins by having its key accepted and nothing else; deleting a member's key takes it out of
 * every other member's tinc configuration.
 */
class VpnMembershipLabTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path PILLAR = pillar();
    private static final String MEMBERS = "role=app or role=db or role=core";

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b
            .host("salt", 2).host("app1", 10, "app").host("db1", 40, "db").host("db2", 41, "db").host("core1", 30, "core")
            .master("salt").acceptKeys(false)
            .masterConfig("state_tree", Map.of("dir", REPO.resolve("states/tree").toString()))
            .masterConfig("pillar_tree", Map.of("dir", PILLAR.toString()))
            .masterConfig("reactor", List.of(
                    rule("jsalt/key/*/accepted"), rule("jsalt/key/*/deleted"), rule("jsalt/mine/*/tinc.host")))
            .minionConfig("mine_functions", Map.of("tinc.host", Map.of("mine_function", "tinc.host", "net", "vpn"))));

    private static void awaitMesh(String what, Map<LabHost, String> members) {
        await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (LabHost from : members.keySet()) {
                for (Map.Entry<LabHost, String> to : members.entrySet()) {
                    if (from != to.getKey() && from.probeTcp(to.getValue(), 7000, Duration.ofSeconds(2)) != TcpProbe.OPEN) return false;
                }
            }
            return true;
        });
    }

    private static Map<String, Object> rule(String event) {
        return Map.of("event", event, "apply", Map.of("target", MEMBERS, "sls", List.of("vpn")));
    }

    /** The example vpn pillar, with a top file of its own (the lab's master reads pillar from this folder). */
    private static Path pillar() {
        try {
            Path dir = dev.jsalt.e2e.lab.ScratchDirs.create("jsalt-vpn-pillar-");
            Files.createDirectories(dir.resolve("vpn"));
            Files.copy(REPO.resolve("states/pillar/vpn/init.sls"), dir.resolve("vpn/init.sls"));
            Files.writeString(dir.resolve("top.sls"), "base:\n  '*':\n    - vpn\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theMeshFormsByItselfGrowsOnKeyAcceptanceAndDropsADeletedMember() {
        Lab lab = LAB.lab();
        LabHost app1 = LAB.host("app1");
        LabHost db1 = LAB.host("db1");
        LabHost db2 = LAB.host("db2");
        LabHost core1 = LAB.host("core1");
        // A listener on every member's VPN address, to probe the mesh with.
        for (LabHost h : List.of(app1, db1, db2, core1)) {
            h.spawnDaemon("listen", List.of("socat", "TCP-LISTEN:7000,fork,reuseaddr", "SYSTEM:echo hi"));
        }
        Map<LabHost, String> three = Map.of(app1, "10.88.0.10", db1, "10.88.0.40", db2, "10.88.0.41");
        await("pending keys").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> lab.jsalt("keys", "list").stdout().split("pending", -1).length - 1 == 4);

        // The operator accepts three keys; nothing else.
        lab.jsalt("keys", "accept", "app1", "db1", "db2").orThrow("keys accept");
        awaitMesh("three-host mesh", three);

        // A fourth server joins: accepting its key is the only action; the others learn it through mine + reactor.
        lab.jsalt("keys", "accept", "core1").orThrow("keys accept core1");
        Map<LabHost, String> four = new java.util.HashMap<>(three);
        four.put(core1, "10.88.0.30");
        awaitMesh("four-host mesh", four);

        lab.jsalt("keys", "delete", "db2").orThrow("keys delete db2");
        await("db2 dropped").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                !app1.exists("/etc/tinc/vpn/hosts/db2") && !db1.exists("/etc/tinc/vpn/hosts/db2")
                        && db2.probeTcp("10.88.0.10", 7000, Duration.ofSeconds(2)) != TcpProbe.OPEN);
        // The remaining members still reach each other.
        await("app1 <-> db1").atMost(Duration.ofSeconds(30)).until(() ->
                app1.probeTcp("10.88.0.40", 7000, Duration.ofSeconds(2)) == TcpProbe.OPEN
                        && db1.probeTcp("10.88.0.10", 7000, Duration.ofSeconds(2)) == TcpProbe.OPEN);
    }
}
