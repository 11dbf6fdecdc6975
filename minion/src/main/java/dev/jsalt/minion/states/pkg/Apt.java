package dev.jsalt.minion.states.pkg;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** apt-get and apt-cache as argv lists, non-interactive, keeping local config files on upgrade. */
final class Apt {
    static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Map<String, String> ENV = Map.of(
            "DEBIAN_FRONTEND", "noninteractive",
            "APT_LISTCHANGES_FRONTEND", "none");

    private Apt() {
    }

    /** One apt-get call for all packages of a resource. */
    static CommandResult get(RunContext ctx, String action, List<String> extra, List<String> packages) {
        List<String> argv = new ArrayList<>(List.of("apt-get", action, "-y", "-q",
                // Wait for another apt/dpkg (unattended-upgrades) instead of failing at once.
                "-o", "DPkg::Lock::Timeout=300",
                "-o", "Dpkg::Options::=--force-confdef",
                "-o", "Dpkg::Options::=--force-confold"));
        argv.addAll(extra);
        argv.add("--");
        argv.addAll(packages);
        return ctx.run(new CommandSpec(argv, null, ENV, TIMEOUT, null));
    }

    /** {@code apt-get update}, at most once per run. */
    static void refresh(RunContext ctx) {
        ctx.memo("pkg.refreshed", () -> {
            CommandResult res = ctx.run(new CommandSpec(List.of("apt-get", "update", "-q", "-o", "DPkg::Lock::Timeout=300"),
                    null, ENV, TIMEOUT, null));
            if (!res.ok()) throw new IllegalStateException("apt-get update failed: " + res.lastLine());
            return Boolean.TRUE;
        });
    }

    record Policy(String installed, String candidate) {
    }

    /** Installed and candidate versions from one {@code apt-cache policy} for all {@code names}. */
    static Map<String, Policy> policy(RunContext ctx, List<String> names) {
        List<String> argv = new ArrayList<>(List.of("apt-cache", "policy", "--"));
        argv.addAll(names);
        CommandResult res = ctx.run(new CommandSpec(argv, null, ENV, Duration.ofMinutes(2), null).unscoped());
        if (!res.ok()) throw new IllegalStateException("apt-cache policy failed: " + res.lastLine());
        return parsePolicy(res.stdout());
    }

    static Map<String, Policy> parsePolicy(String out) {
        Map<String, Policy> map = new HashMap<>();
        String pkg = null, installed = null, candidate = null;
        for (String line : out.split("\n")) {
            if (!line.isEmpty() && !Character.isWhitespace(line.charAt(0)) && line.endsWith(":")) {
                if (pkg != null) map.put(pkg, new Policy(installed, candidate));
                pkg = line.substring(0, line.length() - 1);
                installed = candidate = null;
            } else if (pkg != null && line.strip().startsWith("Installed:")) {
                installed = none(line.strip().substring("Installed:".length()).strip());
            } else if (pkg != null && line.strip().startsWith("Candidate:")) {
                candidate = none(line.strip().substring("Candidate:".length()).strip());
            }
        }
        if (pkg != null) map.put(pkg, new Policy(installed, candidate));
        return map;
    }

    /** Every version apt knows for {@code name} ({@code apt-cache madison}), as listed (newest first). */
    static List<String> versions(RunContext ctx, String name) {
        CommandResult res = ctx.run(new CommandSpec(List.of("apt-cache", "madison", "--", name), null, ENV, Duration.ofMinutes(2), null));
        if (!res.ok()) throw new IllegalStateException("apt-cache madison failed: " + res.lastLine());
        List<String> out = new ArrayList<>();
        for (String line : res.stdout().split("\n")) {
            String[] f = line.split("\\|");
            if (f.length >= 2 && f[0].strip().equals(name.replaceFirst(":.*", "")) && !out.contains(f[1].strip())) out.add(f[1].strip());
        }
        return out;
    }

    /** Held packages ({@code apt-mark showhold}), once per run until a state changes holds. */
    static java.util.Set<String> holds(RunContext ctx) {
        return ctx.memo("pkg.holds", () -> {
            CommandResult res = ctx.run(CommandSpec.of("apt-mark", "showhold"));
            if (!res.ok()) throw new IllegalStateException("apt-mark showhold failed: " + res.lastLine());
            java.util.Set<String> out = new java.util.TreeSet<>();
            for (String l : res.stdout().split("\n")) if (!l.isBlank()) out.add(l.strip());
            return out;
        });
    }

    /** {@code apt-mark hold|unhold} for {@code names}; null on success, else why not. */
    static String mark(RunContext ctx, String action, List<String> names) {
        List<String> argv = new ArrayList<>(List.of("apt-mark", action, "--"));
        argv.addAll(names);
        CommandResult res = ctx.run(CommandSpec.of(argv));
        ctx.forget("pkg.holds");
        return res.ok() ? null : "apt-mark " + action + " failed (exit " + res.exitCode() + "): " + res.lastLine();
    }

    private static String none(String v) { return v.equals("(none)") || v.isEmpty() ? null : v; }
}
