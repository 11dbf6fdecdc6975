package dev.jsalt.e2e.cli;

import dev.jsalt.e2e.lab.HostState;
import dev.jsalt.e2e.lab.JsaltFleet;
import dev.jsalt.e2e.lab.Lab;
import dev.jsalt.e2e.lab.LabHost;
import dev.jsalt.e2e.lab.LabSpec;
import dev.jsalt.e2e.lab.LabSpecYaml;
import dev.jsalt.e2e.lab.LabState;
import dev.jsalt.e2e.lab.Requirements;
import dev.jsalt.e2e.lab.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jsalt lab up|status|exec|down|sweep}: a fleet of namespace hosts on this machine running real jsalt
 * minions (docs/lab.md). Needs root on Linux. {@code up} leaves the lab running after the command exits; its state
 * lives in /tmp/jsalt-lab/NAME so later commands find it.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "A fleet of test hosts on this machine (network + mount + pid namespaces); needs root.",
        subcommands = {LabCommand.Up.class, LabCommand.Status.class, LabCommand.Exec.class, LabCommand.Jsalt.class, LabCommand.Down.class,
                LabCommand.Sweep.class, LabCommand.Image.class})
public final class LabCommand {

    @Command(name = "up", mixinStandardHelpOptions = true, description = "Build the lab described in FILE (lab.yaml) and start its master and minions.")
    static final class Up implements Callable<Integer> {
        @Spec
        CommandSpec self;

        @Parameters(paramLabel = "FILE", description = "Fleet description (YAML).")
        Path file;

        @Override
        public Integer call() {
            LabSpec spec = LabSpecYaml.read(file);
            if (!ready(self.commandLine().getErr(), spec.anyBooted())) return 1;
            Lab lab = Lab.upDetached(spec);
            Status.print(lab, self.commandLine().getOut());
            self.commandLine().getOut().println("run commands with: jsalt lab exec HOST -- CMD...; remove it with: jsalt lab down " + lab.name());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show the lab's hosts, addresses, roles and whether each is up.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec self;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Lab name (default: every lab).")
        String name;

        @Override
        public Integer call() {
            PrintWriter out = self.commandLine().getOut();
            if (name != null) {
                print(Labs.pick(name), out);
                return 0;
            }
            List<String> labs = Lab.list();
            if (labs.isEmpty()) out.println("no lab is up");
            for (String l : labs) Lab.attach(l).ifPresent(lab -> print(lab, out));
            return 0;
        }

        static void print(Lab lab, PrintWriter out) {
            LabState s = lab.state();
            out.printf("lab %s  subnet %s  %s%n", lab.name(), s.spec().subnet(),
                    s.owner().detached() ? "detached" : "owned by pid " + s.owner().pid());
            for (HostState h : s.hosts()) {
                String role = h.spec().name().equals(s.spec().master()) ? "master" : String.valueOf(h.grains().getOrDefault("role", "-"));
                out.printf("  %-16s %-15s %-10s %-8s %s%n", h.name(), h.address(), role, h.boot().yaml(), h.initAlive() ? "up" : "DOWN");
            }
        }
    }

    @Command(name = "exec", mixinStandardHelpOptions = true, description = "Run CMD inside HOST (its network, private paths, hostname and processes).")
    static final class Exec implements Callable<Integer> {
        @Option(names = "--lab", paramLabel = "NAME", description = "Lab name (default: the only lab).")
        String name;

        @Parameters(index = "0", paramLabel = "HOST")
        String host;

        @Parameters(index = "1..*", paramLabel = "CMD", arity = "1..*", description = "Command and arguments (after --).")
        List<String> cmd;

        @Override
        public Integer call() {
            LabHost h = Labs.pick(name).host(host);
            return h.execInteractive(cmd);
        }
    }

    @Command(name = "jsalt", mixinStandardHelpOptions = true, description = "Run a jsalt CLI command against the lab's master (inside the master host), "
            + "e.g. jsalt lab jsalt -- run '*' test.ping")
    static final class Jsalt implements Callable<Integer> {
        @Option(names = "--lab", paramLabel = "NAME", description = "Lab name (default: the only lab).")
        String name;

        @Parameters(paramLabel = "ARGS", arity = "1..*", description = "jsalt arguments (after --).")
        List<String> args;

        @Override
        public Integer call() {
            Lab lab = Labs.pick(name);
            LabHost m = lab.requireMaster();
            return m.execInteractive(JsaltFleet.packaged(lab, m) ? JsaltFleet.packagedCli(args) : JsaltFleet.cli(lab.jvm(m), args));
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, description = "Tear the lab down: stop its daemons, kill its hosts, delete its namespaces and state.")
    static final class Down implements Callable<Integer> {
        @Spec
        CommandSpec self;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Lab name (default: the only lab).")
        String name;

        @Option(names = "--all", description = "Remove every lab and every leftover on this machine.")
        boolean all;

        @Override
        public Integer call() {
            if (!ready(self.commandLine().getErr())) return 1;
            if (all) {
                SweepReport r = Lab.sweepAll();
                self.commandLine().getOut().println("removed labs " + r.labs() + ", namespaces " + r.netns() + (r.kept().isEmpty() ? "" : "; kept (in use by a running JVM) " + r.kept()));
                return 0;
            }
            Lab lab = Labs.pick(name);
            lab.down();
            self.commandLine().getOut().println("lab " + lab.name() + " is down");
            return 0;
        }
    }

    @Command(name = "sweep", mixinStandardHelpOptions = true, description = "Remove leftovers of labs whose owner is gone (killed test runs); live labs are kept.")
    static final class Sweep implements Callable<Integer> {
        @Spec
        CommandSpec self;

        @Override
        public Integer call() {
            if (!ready(self.commandLine().getErr())) return 1;
            SweepReport r = Lab.sweep();
            self.commandLine().getOut().println(r.empty() ? "nothing to sweep" : "removed " + r);
            return 0;
        }
    }

    @Command(name = "image", mixinStandardHelpOptions = true, description = "Build the base image of booted lab hosts (boot: systemd) "
            + "now, if the cache has none for the current recipe, and say where it is (about 3.5 min and 460 MB, once).")
    static final class Image implements Callable<Integer> {
        @Spec
        CommandSpec self;

        @Override
        public Integer call() throws java.io.IOException {
            if (!ready(self.commandLine().getErr(), true)) return 1;
            java.nio.file.Path root = dev.jsalt.e2e.lab.LabImage.ensure();
            self.commandLine().getOut().println(root + "  (" + java.nio.file.Files.readString(root.resolveSibling("ready")).strip() + ")");
            return 0;
        }
    }

    private static boolean ready(PrintWriter err) { return ready(err, false); }

    private static boolean ready(PrintWriter err, boolean booted) {
        var missing = booted ? Requirements.missingForBoot() : Requirements.missing();
        missing.ifPresent(m -> err.println("jsalt lab: " + m));
        return missing.isEmpty();
    }
}
