package dev.jsalt.minion.states.ufw;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs ufw as argv lists (never a shell string, so a comment or interface name cannot inject anything) and drops
 * the run's cached ufw state after every change, so the next state reads what ufw actually wrote.
 */
final class UfwCommands {
    private static final Logger log = LoggerFactory.getLogger(UfwCommands.class);
    /** ufw takes the xtables lock; a stuck iptables must not hang the run. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final UfwPaths paths;
    private final RunContext ctx;

    UfwCommands(UfwPaths paths, RunContext ctx) {
        this.paths = paths;
        this.ctx = ctx;
    }

    /** Thrown when ufw refused or failed; the message is ufw's own last line. */
    static final class UfwFailure extends Exception {
        UfwFailure(String message) { super(message); }
    }

    /**
     * Applies {@code diff}: deletions first (so a replaced rule never briefly sits twice), then comment updates, then
     * additions. {@code done} receives each rule as soon as ufw confirmed it, so a failure still reports what changed.
     */
    void apply(RuleDiff diff, Consumer<UfwRule> removed, Consumer<UfwRule> commented, Consumer<UfwRule> added)
            throws UfwFailure {
        for (List<UfwRule> group : byCommand(diff.remove())) {
            List<String> argv = new ArrayList<>();
            UfwRule r = group.get(0);
            List<String> words = r.words(group.size() == 2, false);
            // "ufw route delete allow ..." but "ufw delete allow ..."
            if (r.route()) {
                argv.addAll(List.of("route", "delete"));
                argv.addAll(words.subList(1, words.size()));
            } else {
                argv.add("delete");
                argv.addAll(words);
            }
            run(argv);
            group.forEach(removed);
        }
        for (List<UfwRule> group : byCommand(diff.comments())) {
            run(group.get(0).words(group.size() == 2, true));
            group.forEach(commented);
        }
        for (List<UfwRule> group : byCommand(diff.add())) {
            run(group.get(0).words(group.size() == 2, true));
            group.forEach(added);
        }
    }

    void enable() throws UfwFailure { run(List.of("--force", "enable")); }

    void disable() throws UfwFailure { run(List.of("disable")); }

    void defaultPolicy(String direction, String policy) throws UfwFailure {
        run(List.of("default", policy, direction));
    }

    void logging(String level) throws UfwFailure { run(List.of("logging", level)); }

    /**
     * Pairs the IPv4 and IPv6 copies of an any-address rule so one ufw call handles both (ufw costs ~0.2 s per
     * call); everything else gets a call of its own with its family pinned.
     */
    static List<List<UfwRule>> byCommand(List<UfwRule> rules) {
        List<List<UfwRule>> out = new ArrayList<>();
        List<UfwRule> left = new ArrayList<>(rules);
        while (!left.isEmpty()) {
            UfwRule r = left.remove(0);
            UfwRule twin = r.withV6(!r.v6());
            if (r.familyFree() && left.contains(twin)) {
                left.remove(twin);
                out.add(List.of(r, twin));
            } else {
                out.add(List.of(r));
            }
        }
        return out;
    }

    private void run(List<String> args) throws UfwFailure {
        List<String> argv = new ArrayList<>();
        argv.add(paths.ufw());
        argv.addAll(args);
        CommandResult res;
        try {
            res = ctx.commands().run(CommandSpec.of(argv).withTimeout(TIMEOUT));
        } catch (IOException e) {
            throw new UfwFailure("cannot run " + paths.ufw() + ": " + e.getMessage());
        } finally {
            ctx.forget(UfwModule.STATE_KEY);
        }
        log.debug("{} -> rc {} {}", argv, res.exitCode(), res.lastLine());
        if (!res.ok()) {
            String why = res.timedOut() ? "timed out after " + TIMEOUT.toSeconds() + " s" : res.lastLine();
            throw new UfwFailure("ufw " + String.join(" ", args) + " failed: " + why);
        }
        String out = res.stdout() + res.stderr();
        if (out.contains("Skipping") || out.contains("non-existent")) {
            // our reading of the rule files and ufw's disagree; the next read will show the truth
            log.warn("ufw {}: {}", String.join(" ", args), res.lastLine());
        }
    }
}
