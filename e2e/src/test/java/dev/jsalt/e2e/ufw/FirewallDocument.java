package dev.jsalt.e2e.ufw;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds, in Java, the state document the firewall formula (states/tree/firewall) compiles to for one lab host:
 * the same IDs, functions, args and requisites, in the order the master would emit them. The formula itself is
 * compiled by the master once its SLS compiler is in place; until then this keeps the lab test independent of it.
 */
final class FirewallDocument {
    private final String minionId;
    private final List<Resource> resources = new ArrayList<>();
    private final List<String> ruleKeys = new ArrayList<>();

    FirewallDocument(String minionId) { this.minionId = minionId; }

    /** A {@code ufw.rule} that the policy state requires (the formula's {@code require_in}). */
    FirewallDocument rule(String id, Map<String, Object> args) {
        ruleKeys.add(add(id, "rule", args, List.of()).key());
        return this;
    }

    /** The formula's closing states: logging, default deny incoming after every rule, then enabled (exact). */
    StateDocument finish(boolean exact) {
        Resource logging = add("firewall-logging", "logging", Map.of("level", "low"), List.of());
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("incoming", "deny");
        policy.put("outgoing", "allow");
        policy.put("routed", "deny");
        policy.put("ssh_port", 22);
        Resource defaults = add("firewall-defaults", "default", policy, ruleKeys);
        add("firewall-enabled", "enabled", Map.of("exact", exact, "ssh_port", 22),
                List.of(defaults.key(), logging.key()));
        return new StateDocument(minionId, "dir:states/tree (firewall, built in the lab test)", resources);
    }

    /** Any single resource list, e.g. a lockout-prone one. */
    FirewallDocument raw(String id, String function, Map<String, Object> args) {
        add(id, function, args, List.of());
        return this;
    }

    StateDocument done() { return new StateDocument(minionId, "dir:lab-test", resources); }

    private Resource add(String id, String function, Map<String, Object> args, List<String> requires) {
        List<Requisite> reqs = requires.stream().map(k -> new Requisite(RequisiteKind.REQUIRE, k)).toList();
        Resource r = new Resource(Resource.keyOf("ufw", id, id, function), id, "ufw", function, id, args, reqs,
                "firewall", "firewall/init.sls", 0, false);
        resources.add(r);
        return r;
    }
}
