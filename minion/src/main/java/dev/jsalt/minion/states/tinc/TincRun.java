package dev.jsalt.minion.states.tinc;

import dev.jsalt.common.state.Resource;
import dev.jsalt.minion.state.Args;
import dev.jsalt.minion.state.RunContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One tinc resource being applied: its args, the run context, the paths and the validated network name. */
record TincRun(Resource resource, RunContext ctx, TincPaths paths, Args args, String net) {

    static TincRun of(Resource r, RunContext ctx, TincPaths paths) {
        Args args = Args.of(r, TincModule.params(r));
        String net = args.string("netname").orElseThrow(() -> args.bad("netname", "is required (e.g. netname: vpn)"));
        try {
            TincNames.net(net);
        } catch (IllegalArgumentException e) {
            throw args.bad("netname", "is invalid: " + e.getMessage());
        }
        return new TincRun(r, ctx, paths, args, net);
    }

    /** This host's node name for files other than tinc.conf: {@code node} arg, else tinc.conf's Name, else from the minion id. */
    String node() {
        if (args.has("node")) return TincNames.node(args.required("node"));
        String name = configuredName(paths.conf(net));
        return name != null ? name : minionNode();
    }

    /** The node name derived from the minion id (grain {@code id}; the hostname where there are no grains, e.g. LocalApply). */
    String minionNode() {
        Object id = ctx.grains().get("id");
        return TincNames.fromMinionId(id != null ? id.toString() : hostname());
    }

    static String configuredName(Path conf) {
        try {
            if (!Files.isRegularFile(conf)) return null;
            String name = ConfigLines.first(ConfigLines.parse(Files.readString(conf)), "Name");
            return TincNames.isNode(name) ? name : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("no minion id and no hostname to name this tinc node: set 'node'");
        }
    }

    List<String> nodes(String key) {
        try {
            return args.strings(key).stream().map(TincNames::node).toList();
        } catch (IllegalArgumentException e) {
            throw args.bad(key, "holds " + e.getMessage());
        }
    }
}
