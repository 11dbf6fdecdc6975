package dev.jsalt.minion.states.ufw;

import java.util.List;
import java.util.Map;

/**
 * What ufw is configured to do on this host, read from its files once per run.
 *
 * @param enabled  ENABLED=yes in ufw.conf
 * @param policies default policy per direction ({@code incoming}, {@code outgoing}, {@code routed}) as ufw words:
 *                 allow, deny or reject
 * @param logLevel LOGLEVEL in ufw.conf: off, low, medium, high or full
 * @param ipv6     IPV6=yes in /etc/default/ufw: ufw also writes user6.rules
 * @param rules    IPv4 rules then IPv6 rules, in file order
 */
public record UfwState(boolean enabled, Map<String, String> policies, String logLevel, boolean ipv6,
                       List<UfwRule> rules) {
    public UfwState {
        policies = Map.copyOf(policies);
        rules = List.copyOf(rules);
    }

    public String policy(String direction) { return policies.getOrDefault(direction, "allow"); }
}
