package dev.jsalt.e2e.lab;

import java.time.Duration;
import java.util.List;

/** The machine's (root-namespace) firewall rules, to prove the lab never changes them. */
final class Firewall {
    private Firewall() {
    }

    static String snapshot() {
        StringBuilder sb = new StringBuilder();
        for (String tool : List.of("iptables", "ip6tables")) {
            if (Requirements.which(tool).isEmpty()) continue;
            sb.append(tool).append(":\n").append(Cmd.check(List.of(tool, "-S"), Duration.ofSeconds(10), tool).stdout());
        }
        return sb.toString();
    }
}
