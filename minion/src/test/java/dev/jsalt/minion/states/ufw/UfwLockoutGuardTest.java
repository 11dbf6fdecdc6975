package dev.jsalt.minion.states.ufw;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UfwLockoutGuardTest {
    private final LockoutGuard guard = new LockoutGuard(22, 4506);

    private static List<UfwRule> rules(Map<String, ?> args) {
        return RuleDeclaration.expand(args, "t", true);
    }

    @Test
    void defaultDenyWithoutSshIsRefused() {
        var msg = guard.check(rules(Map.of("interface", "tun0", "port", 3306)), "deny", "allow");
        assertTrue(msg.isPresent());
        assertTrue(msg.get().contains("22/tcp") && msg.get().contains("allow_lockout"), msg.get());
        assertTrue(guard.check(List.of(), "reject", "allow").isPresent());
    }

    @Test
    void sshAllowedOrLimitedOnAnyInterfaceIsEnough() {
        assertFalse(guard.check(rules(Map.of("port", 22, "proto", "tcp", "interface", "eth1")), "deny", "allow")
                .isPresent());
        assertFalse(guard.check(rules(Map.of("action", "limit", "port", 22, "proto", "tcp")), "deny", "allow")
                .isPresent());
        assertFalse(guard.check(rules(Map.of("port", "20:30", "proto", "tcp")), "deny", "allow").isPresent());
        assertFalse(guard.check(rules(Map.of("from", "10.77.0.0/24")), "deny", "allow").isPresent());
    }

    @Test
    void wrongProtocolDirectionOrVerdictDoesNotCount() {
        assertTrue(guard.check(rules(Map.of("port", 22, "proto", "udp")), "deny", "allow").isPresent());
        assertTrue(guard.check(rules(Map.of("port", 22, "direction", "out")), "deny", "allow").isPresent());
        assertTrue(guard.check(rules(Map.of("port", 22, "action", "deny")), "deny", "allow").isPresent());
        assertTrue(new LockoutGuard(2222, 4506).check(rules(Map.of("port", 22)), "deny", "allow").isPresent());
    }

    @Test
    void allowIncomingNeedsNoSshRuleButDenyOutgoingNeedsTheMaster() {
        assertFalse(guard.check(List.of(), "allow", "allow").isPresent());
        assertTrue(guard.check(rules(Map.of("port", 22, "proto", "tcp")), "deny", "deny").isPresent());
        List<UfwRule> both = new java.util.ArrayList<>(rules(Map.of("port", 22, "proto", "tcp")));
        both.addAll(rules(Map.of("direction", "out", "port", 4506, "proto", "tcp")));
        assertFalse(guard.check(both, "deny", "deny").isPresent());
    }
}
