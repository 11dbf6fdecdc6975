package dev.jsalt.minion.states.ufw;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.Res;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The module against real ufw files in a temp dir. ufw itself is never run here (it would firewall this machine);
 * its path points nowhere, so any attempt shows up as a failure. Real ufw runs in the lab tests (e2e ufw package).
 */
class UfwModuleTest {
    @TempDir
    Path dir;

    private UfwModule module(boolean enabled, String inputPolicy, String v4, String v6) throws Exception {
        UfwFixtures.root(dir, v4, v6, enabled, inputPolicy);
        return new UfwModule(UfwPaths.under(dir, dir.resolve("no-such-ufw").toString()));
    }

    private static Resource res(String id, String function, Map<String, Object> args) {
        return new Resource(Resource.keyOf("ufw", id, id, function), id, "ufw", function, id, args, List.of(),
                "firewall", "firewall/init.sls", 1, false);
    }

    private static RunContext ctx(boolean test) { return new RunContext(test, new CommandRunner(), Map.of()); }

    @Test
    void convergedRulesAreUnchangedWithoutRunningUfw() throws Exception {
        UfwModule ufw = module(true, "DROP", UfwFixtures.USER_RULES, UfwFixtures.USER6_RULES);
        RunContext ctx = ctx(false);
        StateOutcome ssh = Res.apply(ufw, res("ssh", "rule", Map.of("port", 22, "proto", "tcp")), ctx);
        assertEquals(Outcome.UNCHANGED, ssh.outcome(), ssh.comment());
        assertEquals("ufw rule present: allow in proto tcp from any to any port 22 (v4, v6)", ssh.comment());
        StateOutcome on = Res.apply(ufw, res("fw", "enabled", Map.of()), ctx);
        assertEquals(Outcome.UNCHANGED, on.outcome(), on.comment());
        StateOutcome def = Res.apply(ufw, res("def", "default", Map.of("incoming", "deny", "outgoing", "allow")), ctx);
        assertEquals(Outcome.UNCHANGED, def.outcome(), def.comment());
        StateOutcome logging = Res.apply(ufw, res("log", "logging", Map.of("level", "low")), ctx);
        assertEquals(Outcome.UNCHANGED, logging.outcome(), logging.comment());
    }

    @Test
    void testModeListsWhatWouldBeAddedAndChangesNothing() throws Exception {
        UfwModule ufw = module(false, "DROP", UfwFixtures.EMPTY_RULES, UfwFixtures.EMPTY_RULES);
        String before = Files.readString(dir.resolve("etc/ufw/user.rules"));
        StateOutcome out = Res.apply(ufw, res("mysql", "rule", Map.of("interface", "tun0", "port", 3306, "proto", "tcp",
                "from", "10.88.0.10", "comment", "app1")), ctx(true));
        assertEquals(Outcome.WOULD_CHANGE, out.outcome());
        assertEquals(Map.of("added", List.of("allow in on tun0 proto tcp from 10.88.0.10 to any port 3306"
                + " comment 'app1' (v4)")), out.changes());
        assertEquals(before, Files.readString(dir.resolve("etc/ufw/user.rules")));
    }

    @Test
    void enablingDefaultDenyWithoutSshIsRefusedUnlessAllowed() throws Exception {
        UfwModule ufw = module(false, "DROP", UfwFixtures.EMPTY_RULES, UfwFixtures.EMPTY_RULES);
        StateOutcome refused = Res.apply(ufw, res("fw", "enabled", Map.of()), ctx(true));
        assertEquals(Outcome.FAILED, refused.outcome());
        assertTrue(refused.comment().startsWith("refusing to lock the operator out"), refused.comment());

        StateOutcome forced = Res.apply(ufw, res("fw", "enabled", Map.of("allow_lockout", true)), ctx(true));
        assertEquals(Outcome.WOULD_CHANGE, forced.outcome());
        assertEquals(Map.of("enabled", Map.of("old", false, "new", true)), forced.changes());

        StateOutcome realRun = Res.apply(ufw, res("fw", "enabled", Map.of()), ctx(false));
        assertEquals(Outcome.FAILED, realRun.outcome(), "refused before ufw is even tried");
        assertTrue(realRun.comment().startsWith("refusing"), realRun.comment());
    }

    @Test
    void inTestModeTheRulesDeclaredEarlierInTheRunCountForTheGuard() throws Exception {
        UfwModule ufw = module(false, "ACCEPT", UfwFixtures.EMPTY_RULES, UfwFixtures.EMPTY_RULES);
        RunContext ctx = ctx(true);
        Res.apply(ufw, res("ssh", "rule", Map.of("port", 2222, "proto", "tcp", "interface", "eth1")), ctx);
        StateOutcome def = Res.apply(ufw, res("def", "default", Map.of("incoming", "deny")), ctx);
        assertEquals(Outcome.WOULD_CHANGE, def.outcome(), "firewall still off: the policy alone locks nobody out");
        StateOutcome wrongPort = Res.apply(ufw, res("fw", "enabled", Map.of()), ctx);
        assertEquals(Outcome.FAILED, wrongPort.outcome(), "the declared policy counts, and 2222 is not 22");
        StateOutcome on = Res.apply(ufw, res("fw", "enabled", Map.of("ssh_port", 2222)), ctx);
        assertEquals(Outcome.WOULD_CHANGE, on.outcome(), on.comment());
    }

    @Test
    void exactModeListsUndeclaredRulesForRemoval() throws Exception {
        UfwModule ufw = module(true, "DROP", UfwFixtures.USER_RULES, UfwFixtures.USER6_RULES);
        RunContext ctx = ctx(true);
        Res.apply(ufw, res("ssh", "rule", Map.of("port", 22, "proto", "tcp")), ctx);
        StateOutcome on = Res.apply(ufw, res("fw", "enabled", Map.of("exact", true)), ctx);
        assertEquals(Outcome.WOULD_CHANGE, on.outcome());
        @SuppressWarnings("unchecked")
        List<String> removed = (List<String>) on.changes().get("removed");
        assertEquals(4, removed.size(), removed.toString());
        assertTrue(removed.contains("allow in on tun0 from any to any port 3306 (v4)"), removed.toString());

        StateOutcome exact = Res.apply(ufw, res("all", "rules_exact", Map.of("rules", List.of(
                Map.of("port", 22, "proto", "tcp"),
                Map.of("interface", "tun0", "port", 3306)))), ctx(true));
        @SuppressWarnings("unchecked")
        List<String> gone = (List<String>) exact.changes().get("removed");
        assertEquals(2, gone.size(), gone.toString());
    }

    @Test
    void exactModeThatWouldDropSshFromAnActiveFirewallIsRefused() throws Exception {
        UfwModule ufw = module(true, "DROP", UfwFixtures.USER_RULES, UfwFixtures.USER6_RULES);
        StateOutcome out = Res.apply(ufw, res("all", "rules_exact", Map.of("rules", List.of(
                Map.of("interface", "tun0", "port", 3306)))), ctx(true));
        assertEquals(Outcome.FAILED, out.outcome());
        assertTrue(out.comment().contains("SSH"), out.comment());
    }

    @Test
    void theHostIsReadOncePerRun() throws Exception {
        UfwModule ufw = module(false, "ACCEPT", UfwFixtures.EMPTY_RULES, UfwFixtures.EMPTY_RULES);
        RunContext ctx = ctx(true);
        assertEquals(Outcome.WOULD_CHANGE, Res.apply(ufw, res("a", "rule", Map.of("port", 22, "proto", "tcp")), ctx).outcome());
        // a change behind the module's back is not seen within the run: one read serves every state
        Files.writeString(dir.resolve("etc/ufw/user.rules"), UfwFixtures.USER_RULES);
        Files.writeString(dir.resolve("etc/ufw/user6.rules"), UfwFixtures.USER6_RULES);
        assertEquals(Outcome.WOULD_CHANGE, Res.apply(ufw, res("a", "rule", Map.of("port", 22, "proto", "tcp")), ctx).outcome());
        assertEquals(Outcome.UNCHANGED,
                Res.apply(ufw, res("a", "rule", Map.of("port", 22, "proto", "tcp")), ctx(true)).outcome());
    }

    @Test
    void aFailingUfwIsReportedAsAFailure() throws Exception {
        UfwModule ufw = module(false, "ACCEPT", UfwFixtures.EMPTY_RULES, UfwFixtures.EMPTY_RULES);
        StateOutcome out = Res.apply(ufw, res("ssh", "rule", Map.of("port", 22, "proto", "tcp")), ctx(false));
        assertEquals(Outcome.FAILED, out.outcome());
        assertTrue(out.comment().contains("no-such-ufw"), out.comment());
    }

    @Test
    void loggingAcceptsYamlBooleans() throws Exception {
        UfwModule ufw = module(false, "ACCEPT", UfwFixtures.EMPTY_RULES, UfwFixtures.EMPTY_RULES);
        StateOutcome off = Res.apply(ufw, res("log", "logging", Map.of("level", false)), ctx(true));
        assertEquals(Map.of("logging", Map.of("old", "low", "new", "off")), off.changes());
        assertEquals(Outcome.UNCHANGED, Res.apply(ufw, res("log", "logging", Map.of("level", true)), ctx(true)).outcome());
    }
}
