package dev.jsalt.cli.bootstrap;

import dev.jsalt.cli.Daemons;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code jsalt bootstrap}: the steps that make a fresh server a minion of this master, pinned to this master's key.
 * Prints them, or runs them over SSH with {@code --ssh user@host}.
 */
@Command(name = "bootstrap", mixinStandardHelpOptions = true,
        description = {"Print (or run over SSH) the steps that install jsalt-minion on a new server, pointed at this master",
                "and pinned to its key fingerprint. Run it on the master, as root."})
public final class BootstrapCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "DIR",
            description = "Master config directory (default: $JSALT_CONFIG, else /etc/jsalt).")
    Path configDir;

    @Option(names = "--ssh", paramLabel = "USER@HOST",
            description = "Run the steps on this server over SSH (root, or a user with passwordless sudo).")
    String ssh;

    @Option(names = "--minion-id", paramLabel = "ID", description = "The new minion's id (default: its hostname).")
    String minionId;

    @Option(names = "--grain", paramLabel = "KEY=VALUE", description = "A static grain for the new minion (repeatable).")
    List<String> grains = new ArrayList<>();

    @Option(names = "--master", paramLabel = "HOST[:PORT]",
            description = "Address the minion dials (default: master.yaml's bind address if specific, else this host's name; port from master.yaml).")
    String master;

    @Option(names = "--debs", paramLabel = "DIR",
            description = "Directory holding jsalt_*_all.deb and jsalt-minion_*_all.deb to copy over; without it the server "
                    + "installs jsalt-minion from its own apt sources.")
    Path debsDir;

    private final SshRunner runner;
    private final PrintStream out;

    public BootstrapCommand() {
        this(new SshRunner(), System.out);
    }

    public BootstrapCommand(SshRunner runner, PrintStream out) {
        this.runner = runner;
        this.out = out;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (ssh != null) SshRunner.validTarget(ssh);
        MasterSide side = MasterSide.load(Daemons.configDir(configDir));
        BootstrapInput in = new BootstrapInput(masterAddress(side), side.fingerprint(), Optional.ofNullable(minionId),
                parseGrains(), debsDir == null ? List.of() : findDebs(debsDir), keyPort(side));
        String script = BootstrapScript.render(in);
        if (ssh == null) {
            printSteps(in, script);
            return 0;
        }
        out.println("Bootstrapping " + ssh + " as a minion of " + in.masterAddress() + " ...");
        out.flush();
        int rc = runner.run(ssh, in.debs(), script);
        if (rc != 0) {
            System.err.println("error: the bootstrap script failed on " + ssh + " (exit " + rc + ")");
            return 1;
        }
        return 0;
    }

    private void printSteps(BootstrapInput in, String script) {
        String target = "root@NEW-SERVER";
        out.println("# Make a new server a minion of " + in.masterAddress() + " (fingerprint " + in.fingerprint() + ").");
        out.println("# Open TCP " + portOf(in.masterAddress()) + " and " + in.keyPort()
                + " on this master to the new server. Or let jsalt do all of it: jsalt bootstrap --ssh " + target + " ...");
        if (!in.debs().isEmpty()) {
            out.println("# 1. Copy the packages to the server:");
            out.println(String.join(" ", runner.copyCommand(target, in.debs()).stream().map(this::shellWord).toList()));
            out.println("# 2. Run this on the server as the same user (root, or a user with passwordless sudo), e.g. ssh "
                    + target + " sh -s < this-script:");
        } else {
            out.println("# Run this on the server (root, or a user with passwordless sudo); jsalt-minion comes from its apt sources:");
        }
        out.print(script);
    }

    private String shellWord(String w) {
        return w.matches("[A-Za-z0-9_@%+=:,./-]+") ? w : Shell.quote(w);
    }

    private static int portOf(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    /**
     * master.yaml's key_port when it sets one other than port - 1; otherwise nothing, and the minion takes the port below
     * the one it dials (which also holds when --master names a forwarded port).
     */
    private static OptionalInt keyPort(MasterSide side) {
        return side.keyPort() == side.port() - 1 ? OptionalInt.empty() : OptionalInt.of(side.keyPort());
    }

    private String masterAddress(MasterSide side) {
        if (master == null) return side.defaultMasterHost() + ":" + side.port();
        return master.contains(":") ? master : master + ":" + side.port();
    }

    private Map<String, String> parseGrains() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String g : grains) {
            Map.Entry<String, String> e = BootstrapInput.grain(g);
            map.put(e.getKey(), e.getValue());
        }
        return map;
    }

    /** Exactly one jsalt and one jsalt-minion package: guessing between versions would install the wrong one. */
    static List<Path> findDebs(Path dir) throws IOException {
        Path common = only(dir, "jsalt_*_all.deb");
        Path minion = only(dir, "jsalt-minion_*_all.deb");
        return List.of(common, minion);
    }

    private static Path only(Path dir, String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
            ds.forEach(found::add);
        }
        if (found.size() != 1) {
            throw new IllegalArgumentException("--debs " + dir + ": expected exactly one " + glob + ", found " + found.size()
                    + (found.isEmpty() ? "" : " " + found));
        }
        return found.get(0);
    }
}
