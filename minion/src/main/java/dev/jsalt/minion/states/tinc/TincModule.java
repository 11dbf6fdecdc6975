package dev.jsalt.minion.states.tinc;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.StateModule;
import dev.jsalt.minion.state.Params;
import dev.jsalt.minion.state.Plan;
import dev.jsalt.minion.state.StateOutcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tinc} state module (tinc 1.0, tincd): {@code network}, {@code keys}, {@code host}, {@code up},
 * {@code running}. Each host makes its own key pair; only the public half leaves it, through the mine
 * ({@link #hostInfo}), and comes back to every member as a {@code tinc.host} declaration. Reference: docs/states/tinc.md.
 */
public final class TincModule implements StateModule {
    private final TincPaths paths;
    private static final Map<String, Params> PARAMS = Map.of(
            "network", Params.of("tinc.network", "name", "netname", "node", "interface", "mode", "port", "address_family",
                    "connect_to"),
            "keys", Params.of("tinc.keys", "name", "netname", "node", "bits"),
            "host", Params.of("tinc.host", "name", "netname", "node", "hosts", "exact"),
            "up", Params.of("tinc.up", "name", "netname", "address", "routes"),
            "running", Params.of("tinc.running", "name", "netname", "node"));

    static Params params(Resource r) {
        Params p = PARAMS.get(r.function());
        if (p == null) throw new IllegalArgumentException("tinc has no function '" + r.function() + "'");
        return p;
    }

    public TincModule() { this(TincPaths.system()); }

    public TincModule(TincPaths paths) { this.paths = paths; }

    @Override
    public String name() { return "tinc"; }

    @Override
    public Set<String> functions() { return Set.of("network", "keys", "host", "up", "running"); }

    @Override
    public Plan plan(Resource resource, RunContext ctx) throws Exception {
        TincRun run = TincRun.of(resource, ctx, paths);
        return switch (resource.function()) {
            case "network" -> NetworkState.apply(run);
            case "keys" -> KeysState.apply(run);
            case "host" -> HostsState.apply(run);
            case "up" -> UpState.apply(run);
            case "running" -> RunningState.apply(run);
            default -> throw new IllegalArgumentException("tinc has no function '" + resource.function() + "'");
        };
    }

    @Override
    public Plan onWatch(Resource resource, RunContext ctx, StateOutcome applied) throws Exception {
        if (!resource.function().equals("running")) return null;
        return RunningState.onWatch(TincRun.of(resource, ctx, paths), applied);
    }

    /**
     * What this host publishes to the mine for {@code net}: {@code {node, address, subnet, port, public_key}} read
     * from its own host file (subnet is a list when it owns several; port is 655 when the file names none; the public
     * key falls back to the one derived from rsa_key.priv). Absent values are left out.
     *
     * @param etcTinc {@code /etc/tinc}
     * @param node    this host's node name, or null for tinc.conf's Name
     * @throws IllegalStateException if the network or the host file does not exist yet
     */
    public static Map<String, Object> hostInfo(Path etcTinc, String net, String node) {
        TincPaths p = new TincPaths(etcTinc, Path.of("/run"), Path.of("/var/log"));
        String n = node != null ? TincNames.node(node) : TincRun.configuredName(p.conf(net));
        if (n == null) throw new IllegalStateException("tinc " + net + ": no node name given and no Name in " + p.conf(net));
        Path file = p.hostFile(net, n);
        try {
            if (!Files.isRegularFile(file)) throw new IllegalStateException("tinc " + net + ": no host file " + file + " yet (tinc.keys / tinc.host not applied)");
            HostEntry entry = HostEntry.parse(Files.readString(file));
            if (entry.publicKey() == null && Files.isRegularFile(p.privateKey(net))) {
                entry = entry.withPublicKey(RsaKeys.publicFromPrivate(Files.readString(p.privateKey(net))));
            }
            return entry.info(n);
        } catch (IOException e) {
            throw new UncheckedIOException("tinc " + net + ": cannot read " + file, e);
        }
    }

    /** {@link #hostInfo(Path, String, String)} for the system's /etc/tinc and the node named in tinc.conf. */
    public static Map<String, Object> hostInfo(String net) {
        return hostInfo(Path.of("/etc/tinc"), net, null);
    }

    /** The tinc node name jsalt uses for a minion id when none is given: non-alphanumerics become '_'. */
    public static String nodeName(String minionId) {
        return TincNames.fromMinionId(minionId);
    }
}
