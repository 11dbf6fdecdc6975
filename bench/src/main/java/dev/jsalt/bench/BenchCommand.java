package dev.jsalt.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the benchmark suite on this machine (loopback only): it starts its own master, swarm and minion "
                + "processes in a temp dir, prints one line per scenario (median, p95, max) against the budgets in docs/performance.md, and "
                + "cleans up. Scenarios: w1, cli, memory, connect, fanout, metrics, dashboard, apply, reconnect, fanout-5000, soak; and, only when "
                + "named, cloud (a map of 1 then 20 droplets booted as lab hosts: needs root and the booted lab). See docs/performance.md.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Skip 5,000 minions and repeat the slow scenarios less (a few minutes).")
    boolean quick;

    @Option(names = "--tiny", hidden = true, description = "20 minions, one or two runs: the smoke test's profile.")
    boolean tiny;

    @Option(names = "--scenario", paramLabel = "NAME", description = "Run only these scenarios (repeatable; default: all).")
    List<String> scenarios = List.of();

    @Option(names = "--jar", paramLabel = "JAR", description = "The jsalt jar to benchmark (default: the jar running this command).")
    Path jar;

    @Option(names = "--flags", paramLabel = "ROLE=FLAGS", description = "Extra JVM flags for master, minion, cli or swarm processes, "
            + "added after the packaged ones, e.g. --flags minion='-Xms8m' (repeatable).")
    java.util.Map<String, String> flags = new java.util.LinkedHashMap<>();

    @Option(names = "--keep", description = "Keep the temp dir (logs, configs) for inspection.")
    boolean keep;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw fan-out time, apply fan-out time and master RSS "
            + "against N into this PNG (median, whisker to p95, budgets dashed); needs figures at two or more N.")
    Path plot;

    @Override
    public Integer call() throws Exception {
        // Checked before the run, not after it: a typo must not cost a half-hour bench its plot.
        if (plot != null && !Files.isDirectory(plot.toAbsolutePath().getParent())) {
            throw new IllegalArgumentException("--plot " + plot + ": no such directory " + plot.toAbsolutePath().getParent());
        }
        if (jar != null && !Files.isRegularFile(jar)) throw new IllegalArgumentException("--jar " + jar + ": no such file");
        Profile profile = tiny ? Profile.TINY : quick ? Profile.QUICK : Profile.FULL;
        Launcher launcher = Launcher.current(jar);
        for (var e : flags.entrySet()) launcher = launcher.withFlags(role(e.getKey()), List.of(e.getValue().strip().split("\\s+")));
        // Built (and its scenario names checked) before anything is printed: a typo is one error line, not a half header.
        BenchSuite suite = new BenchSuite(profile, new LinkedHashSet<>(scenarios), launcher, System.out, keep);
        flags.forEach((role, f) -> System.out.println("# extra " + role + " flags: " + f));
        String date = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ZonedDateTime.now().withNano(0));
        String machine = machine();
        System.out.println("# jsalt bench " + profile.name() + ", " + date);
        System.out.println("# machine: " + machine);
        suite.run();
        long missed = suite.results().stream().filter(s -> Boolean.FALSE.equals(s.withinBudget())).count();
        System.out.println("# " + suite.results().size() + " figures, " + missed + " over budget, " + suite.failures().size() + " failed");
        boolean plotted = plot == null || plot(suite.results(), "jsalt bench " + profile.name() + ", " + date + "; " + machine);
        return suite.failures().isEmpty() && plotted ? 0 : 1;
    }

    private static Role role(String name) {
        for (Role r : Role.values()) {
            if (r.name().equalsIgnoreCase(name)) return r;
        }
        throw new IllegalArgumentException("--flags " + name + "=...: no such role (master, minion, cli, swarm)");
    }

    /** Too few N for a curve is a note, not a failure: the figures above stand on their own. */
    private boolean plot(List<Stats> results, String caption) {
        try {
            GrowthPlot.write(results, caption, plot);
            System.out.println("# plot written to " + plot);
            return true;
        } catch (IllegalArgumentException e) {
            System.out.println("# no plot: " + e.getMessage());
            return true;
        } catch (IOException e) {
            System.out.println("plot FAILED: cannot write " + plot + ": " + e.getMessage());
            return false;
        }
    }

    /** Host, CPU model and count, memory, kernel and JVM: what a reader needs to compare figures. */
    static String machine() {
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (IOException e) {
            // not Linux
        }
        String mem = "?";
        try {
            mem = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("?");
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "?";
        }
        return host + ", " + Runtime.getRuntime().availableProcessors() + " × " + cpu + ", " + mem + " RAM, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", Java " + System.getProperty("java.runtime.version");
    }

}
