package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.state.Plan;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tinc.network}: tinc.conf (Name, AddressFamily, Interface, Mode, Port, one ConnectTo per peer), the hosts/
 * folder, and the network's line in nets.boot (which Debian's /etc/init.d/tinc starts at boot).
 */
final class NetworkState {
    private NetworkState() {
    }

    static Plan apply(TincRun run) throws IOException {
        var a = run.args();
        String node = a.has("node") ? TincNames.node(a.required("node")) : run.minionNode();
        NetworkConfig cfg;
        try {
            cfg = new NetworkConfig(node, a.string("interface", "tun0"), a.string("mode", "router"),
                    TincNames.port(a.number("port").orElse((long) HostEntry.DEFAULT_PORT)),
                    a.string("address_family", "ipv4"), run.nodes("connect_to"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tinc.network " + run.net() + ": " + e.getMessage(), e);
        }

        FileDelta conf = FileDelta.of(run.paths().conf(run.net()), cfg.render(), ManagedFile.CONFIG);
        boolean hostsMissing = !Files.isDirectory(run.paths().hostsDir(run.net()));
        NetsBoot boot = NetsBoot.read(run.paths().netsBoot());
        boolean bootMissing = !boot.contains(run.net());

        Map<String, Object> changes = new LinkedHashMap<>();
        if (conf.changed()) changes.put("tinc.conf", conf.describe());
        if (hostsMissing) changes.put("hosts", "created " + run.paths().hostsDir(run.net()));
        if (bootMissing) changes.put("nets.boot", "added " + run.net());
        String what = "tinc network " + run.net() + " (node " + node + ", " + cfg.connectTo().size() + " ConnectTo)";
        if (changes.isEmpty()) return Plan.inSync(what + " is configured");
        return Plan.change(changes, what + " would be configured", () -> {
            ManagedFile.ensureDir(run.paths().hostsDir(run.net()));
            conf.apply();
            if (bootMissing) boot.withNet(run.net()).write(run.paths().netsBoot());
            return Plan.Done.ok(what + " configured");
        });
    }

    /** /etc/tinc/nets.boot: one network name per line, '#' comments kept as they are. */
    record NetsBoot(String text) {
        static NetsBoot read(java.nio.file.Path p) throws IOException {
            return new NetsBoot(ManagedFile.read(p).orElse(""));
        }

        boolean contains(String net) {
            return text.lines().map(String::strip).anyMatch(net::equals);
        }

        NetsBoot withNet(String net) {
            List<String> lines = new ArrayList<>(text.lines().toList());
            lines.add(net);
            return new NetsBoot(String.join("\n", lines) + "\n");
        }

        void write(java.nio.file.Path p) throws IOException {
            ManagedFile.write(p, text, ManagedFile.CONFIG);
        }
    }
}
