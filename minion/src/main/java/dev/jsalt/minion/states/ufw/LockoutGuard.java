package dev.jsalt.minion.states.ufw;

import java.util.Collection;
import java.util.Optional;

/**
 * Refuses firewall changes that would cut the operator off: a default deny/reject for incoming traffic while no
 * rule lets SSH in, or a default deny/reject for outgoing traffic while no rule lets the minion reach its master
 * (the minion dials the master, so that is the connection it would lose).
 *
 * @param sshPort    the port operators SSH to (arg {@code ssh_port}, default 22)
 * @param masterPort the master's port (arg {@code master_port}, default 4506)
 */
public record LockoutGuard(int sshPort, int masterPort) {
    public static final int DEFAULT_SSH_PORT = 22;
    public static final int DEFAULT_MASTER_PORT = 4506;

    /** @return why the resulting firewall would lock the operator out, or empty if it is safe */
    public Optional<String> check(Collection<UfwRule> rules, String incoming, String outgoing) {
        if (blocks(incoming) && rules.stream().noneMatch(r -> lets(r, "in", sshPort))) {
            return Optional.of("refusing to lock the operator out: default " + incoming + " incoming while no rule allows"
                    + " SSH (port " + sshPort + "/tcp) in; declare a ufw.rule allowing port " + sshPort
                    + " proto tcp (set ssh_port if SSH listens elsewhere), or set allow_lockout: true");
        }
        if (blocks(outgoing) && rules.stream().noneMatch(r -> lets(r, "out", masterPort))) {
            return Optional.of("refusing to cut the minion off its master: default " + outgoing + " outgoing while no"
                    + " rule allows out to port " + masterPort + "/tcp; declare a ufw.rule with direction: out, port "
                    + masterPort + ", proto tcp (set master_port if the master listens elsewhere),"
                    + " or set allow_lockout: true");
        }
        return Optional.empty();
    }

    private static boolean blocks(String policy) { return "deny".equals(policy) || "reject".equals(policy); }

    /** An unrouted rule that accepts TCP to {@code port} in {@code direction} (from anywhere it names). */
    static boolean lets(UfwRule r, String direction, int port) {
        boolean accepts = r.action().equals("allow") || (r.action().equals("limit") && direction.equals("in"));
        return accepts && !r.route() && r.direction().equals(direction)
                && (r.proto().equals("tcp") || r.proto().equals("any"))
                && r.dapp().isEmpty() && r.dport().contains(port);
    }
}
