package dev.jsalt.minion.states.ufw;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the host's open connections working across ufw's first enable.
 *
 * <p>On a host where nothing used connection tracking yet, {@code ufw enable} is what starts it. The kernel then picks
 * up an already open connection from its next packet, and when that packet is a reply — the database's answer to a
 * query this host sent, the page a client waits for — conntrack calls it NEW, and ufw's default deny drops it. Every
 * retransmission is dropped the same way, since the waiting side sends nothing that would complete the entry, so the
 * connection hangs until the application gives up (found by the migration story: an order stored on the database
 * whose answer never reached the app server). So, before ufw is enabled:
 * <ol>
 *   <li>{@link #start} turns tracking on with a rule that matches on conntrack and does nothing else (no target), so
 *   every connection from then on is tracked from its first packet, while nothing is filtered yet;</li>
 *   <li>{@link Session#seed} enters each connection open at that point into the table as established (a connection
 *   conntrack already tracks is left as is);</li>
 *   <li>ufw is enabled, and {@link Session#close} removes the rule: ufw's own rules keep tracking on.</li>
 * </ol>
 * Seeding without step 1 leaves a window: a connection opened after the seeding and before ufw's rules load is again
 * picked up mid-way (the migration story still lost an order that way, one run in three).
 */
final class ConntrackSeed {
    private static final Logger log = LoggerFactory.getLogger(ConntrackSeed.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The kernel's defaults, used when its sysctl cannot be read. */
    private static final long ESTABLISHED_SECONDS = 432_000;
    private static final long CLOSE_WAIT_SECONDS = 60;

    /** What seeding did: of the open connections, how many are tracked as established now, and why not the rest. */
    record Outcome(int open, int seeded, String problem) {
        /** A clause for the state's comment, or empty when there was nothing to say. */
        String note() {
            if (problem != null) return "; " + problem;
            return seeded == 0 ? "" : "; kept " + RuleStates.plural(seeded, "open connection") + " (entered into connection tracking)";
        }
    }

    /** The no-op rule: a conntrack match, so the kernel tracks, and no target, so it decides nothing. */
    private static final List<String> TRACK_RULE = List.of("INPUT", "-m", "conntrack", "--ctstate", "NEW",
            "-m", "comment", "--comment", "jsalt: connection tracking on while ufw is enabled");

    private final UfwPaths paths;
    private final RunContext ctx;

    ConntrackSeed(UfwPaths paths, RunContext ctx) {
        this.paths = paths;
        this.ctx = ctx;
    }

    /** Turns connection tracking on (without conntrack installed there is nothing to seed, and nothing is done). */
    Session start() {
        List<String> on = new ArrayList<>();
        if (paths.conntrack() != null) {
            for (String iptables : List.of("iptables", "ip6tables")) {
                if (iptables(iptables, "-I")) on.add(iptables);
            }
        }
        return new Session(on);
    }

    /** Tracking turned on for these families; close once ufw is enabled. */
    final class Session implements AutoCloseable {
        private final List<String> on;

        private Session(List<String> on) {
            this.on = on;
        }

        Outcome seed() {
            return ConntrackSeed.this.seed();
        }

        @Override
        public void close() {
            for (String iptables : on) iptables(iptables, "-D");
        }
    }

    /** Runs {@code iptables -w ACTION} with the tracking rule; true if it worked (ip6tables may be unusable here). */
    private boolean iptables(String program, String action) {
        List<String> argv = new ArrayList<>(List.of(sbin(program), "-w", action));
        argv.addAll(TRACK_RULE);
        try {
            CommandResult r = ctx.commands().run(CommandSpec.of(argv).withTimeout(TIMEOUT));
            if (!r.ok()) log.warn("{} {}: {}", program, action, r.lastLine());
            return r.ok();
        } catch (IOException e) {
            log.warn("{} {}: {}", program, action, e.getMessage());
            return false;
        }
    }

    /** The minion may run with a PATH lacking /usr/sbin. */
    private static String sbin(String program) {
        Path p = Path.of("/usr/sbin", program);
        return Files.isExecutable(p) ? p.toString() : program;
    }

    private Outcome seed() {
        List<OpenConnections.Connection> open;
        try {
            open = OpenConnections.read(paths.procNet());
        } catch (IOException | RuntimeException e) {
            return new Outcome(0, 0, "could not read the open connections (" + e.getMessage()
                    + "): connections open now may stall");
        }
        if (open.isEmpty()) return new Outcome(0, 0, null);
        if (paths.conntrack() == null) {
            String problem = "conntrack is not installed (package conntrack): "
                    + RuleStates.plural(open.size(), "connection") + " open now may stall";
            log.warn("ufw enable: {}", problem);
            return new Outcome(open.size(), 0, problem);
        }
        int seeded = 0;
        String problem = null;
        for (OpenConnections.Connection c : open) {
            CommandResult r;
            try {
                r = ctx.commands().run(CommandSpec.of(argv(c)).withTimeout(TIMEOUT));
            } catch (IOException e) {
                problem = "cannot run " + paths.conntrack() + " (" + e.getMessage() + "): "
                        + RuleStates.plural(open.size() - seeded, "connection") + " open now may stall";
                break;
            }
            if (r.ok() || r.stderr().contains("exists")) {
                seeded++;
            } else {
                problem = "conntrack could not enter " + c.from().getHostAddress() + ":" + c.fromPort() + " -> "
                        + c.to().getHostAddress() + ":" + c.toPort() + " (" + r.lastLine() + "): "
                        + RuleStates.plural(open.size() - seeded, "connection") + " open now may stall";
                break;
            }
        }
        if (problem != null) log.warn("ufw enable: {}", problem);
        else log.info("ufw enable: entered {} open connections into connection tracking", seeded);
        return new Outcome(open.size(), seeded, problem);
    }

    private List<String> argv(OpenConnections.Connection c) {
        boolean closing = c.state().equals("CLOSE_WAIT");
        return List.of(paths.conntrack(), "-I", "-p", "tcp",
                "-s", c.from().getHostAddress(), "-d", c.to().getHostAddress(),
                "--sport", Integer.toString(c.fromPort()), "--dport", Integer.toString(c.toPort()),
                "--state", c.state(), "-u", "SEEN_REPLY,ASSURED",
                "-t", Long.toString(closing ? CLOSE_WAIT_SECONDS : establishedTimeout()));
    }

    /** The kernel's idle timeout for established connections in this namespace, as a tracked connection gets. */
    private long establishedTimeout() {
        Path sysctl = paths.procNet().resolveSibling("sys/net/netfilter/nf_conntrack_tcp_timeout_established");
        try {
            return Long.parseLong(Files.readString(sysctl).trim());
        } catch (IOException | NumberFormatException e) {
            return ESTABLISHED_SECONDS;
        }
    }
}
