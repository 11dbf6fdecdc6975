package dev.jsalt.e2e.migration;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ExecResult;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first step of the migration for real: a server configured by hand (ufw rules and policies typed at the
 * prompt, a service started by hand) is inventoried, the inventory exported as a state tree, that tree applied to a
 * fresh server, and a second inventory of the fresh server matches the first: same firewall (enabled, policies,
 * logging, rules), same running services, same hand-installed packages and accounts.
 *
 * <p>Packages and accounts match trivially here: lab hosts share the machine's /usr, /var/lib/dpkg and /etc/passwd
 * (docs/lab.md, "Private paths"), so the export's pkg.installed and user.present find them present. What this test proves
 * for them is that the export declares them and applying it changes nothing; the firewall and services are private
 * to each host and really are reproduced.
 */
class InventoryLabTest {
    private static final String EXPORT = "/srv/jsalt/export";

    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("salt", 2).host("hand1", 10, "web").host("fresh1", 11, "web")
            .master("salt")
            .masterConfig("state_tree", Map.of("dir", EXPORT + "/states"))
            .masterConfig("pillar_tree", Map.of("dir", EXPORT + "/pillar")));

    @Test
    void anExportAppliedToAFreshHostReproducesTheHandConfiguredOne() {
        Lab lab = LAB.lab();
        LabHost hand = LAB.host("hand1");
        // configured by hand, as an operator would have done it years ago
        for (List<String> argv : List.of(
                List.of("ufw", "allow", "22/tcp"),
                List.of("ufw", "allow", "in", "on", "eth1", "from", "10.0.0.0/8", "to", "any", "port", "8080", "proto", "tcp", "comment", "app port"),
                List.of("ufw", "deny", "out", "25/tcp"),
                List.of("ufw", "default", "deny", "incoming"),
                List.of("ufw", "logging", "medium"),
                List.of("ufw", "--force", "enable"),
                List.of("service", "dbus", "start"))) {
            hand.exec(argv, Duration.ofSeconds(60)).orThrow("hand1: " + String.join(" ", argv));
        }

        JsonNode before = inventory(lab, "fresh1").path("fresh1");
        JsonNode original = inventory(lab, "hand1").path("hand1");
        assertTrue(running(original).contains("dbus"), original.path("services").toString());
        assertNotEquals(firewall(original), firewall(before), "the fresh host starts different");

        ExecResult export = lab.jsalt(List.of("inventory", "hand1", "--export", EXPORT, "--force"), Duration.ofSeconds(120))
                .orThrow("inventory --export");
        assertTrue(export.stdout().contains("states/web/init.sls"), export.stdout());

        ExecResult dry = lab.jsalt(List.of("apply", "fresh1", "--test"), Duration.ofSeconds(180)).orThrow("apply --test");
        assertTrue(dry.stdout().contains("would"), dry.stdout());
        ExecResult applied = lab.jsalt(List.of("apply", "fresh1"), Duration.ofSeconds(300));
        assertEquals(0, applied.exit(), applied.stdout() + applied.stderr());

        JsonNode copy = inventory(lab, "fresh1").path("fresh1");
        assertEquals(firewall(original), firewall(copy));
        assertEquals(running(original), running(copy));
        assertEquals(original.path("packages").path("manual"), copy.path("packages").path("manual"));
        assertEquals(original.path("users"), copy.path("users"));

        // converged: a second apply changes nothing
        ExecResult again = lab.jsalt(List.of("apply", "fresh1", "--output", "json"), Duration.ofSeconds(300)).orThrow("second apply");
        assertFalse(again.stdout().contains("\"CHANGED\""), again.stdout());
    }

    private static JsonNode inventory(Lab lab, String target) {
        ExecResult r = lab.jsalt(List.of("inventory", target, "--output", "json"), Duration.ofSeconds(120)).orThrow("inventory " + target);
        return Json.tree(r.stdout().getBytes(StandardCharsets.UTF_8));
    }

    /** What the firewall does, without the host-specific order of the rules file. */
    private static List<String> firewall(JsonNode inv) {
        JsonNode u = inv.path("ufw");
        List<String> out = new ArrayList<>(List.of("enabled=" + u.path("enabled").asBoolean(), "logging=" + u.path("logging").asText()));
        u.path("policies").fields().forEachRemaining(p -> out.add("policy " + p.getKey() + "=" + p.getValue().asText()));
        TreeSet<String> rules = new TreeSet<>();
        for (JsonNode r : u.path("rules")) rules.add(r.path("rule").asText() + " " + r.path("families"));
        out.addAll(rules);
        return out;
    }

    private static TreeSet<String> running(JsonNode inv) {
        TreeSet<String> s = new TreeSet<>();
        for (JsonNode x : inv.path("services").path("services")) if (x.path("running").asBoolean()) s.add(x.path("name").asText());
        return s;
    }
}
