package dev.jsalt.states.bench;

import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.statetree.DirStateTree;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the example tree's highstate for N minions of every role, one after another on one thread as the master
 * does for one job, and prints the time per round and per minion (issue 14: "compiling the example tree for 1,000
 * minions is not slower than before"). Not a test: run it by hand from the {@code states} folder,
 * {@code java -cp "$(cat target/cp.txt):target/classes:target/test-classes" dev.jsalt.states.bench.CompileBench [N] [ROUNDS]}
 * (docs/performance.md, "Compiling the example tree").
 */
public final class CompileBench {
    private static final String[] ROLES = {"app", "cache", "core", "db"};
    private static int lastResources;

    private CompileBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // The story's fleet in the mine: every server has published its tinc host entry.
        Map<String, Object> hosts = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            hosts.put(id(i), Map.of("node", "n" + i, "address", "203.0.113." + (i + 1), "subnet", "10.77.0." + (i + 1) + "/32",
                    "port", 655, "public_key", "-----BEGIN RSA PUBLIC KEY-----\nAAAA" + i + "\n-----END RSA PUBLIC KEY-----"));
        }
        MineView mine = (target, key) -> key.equals("tinc.host") ? hosts : Map.of();
        StateCompiler compiler = new StateCompiler(new DirStateTree(Path.of("tree").toAbsolutePath()),
                new DirStateTree(Path.of("pillar").toAbsolutePath()), FunctionCatalog.standard(), mine).snapshot();
        List<Map<String, Object>> fleet = new ArrayList<>();
        for (int i = 0; i < n; i++) fleet.add(grains(i));
        round(compiler, fleet); // warm-up: class loading and JIT
        round(compiler, fleet);
        List<Double> ms = new ArrayList<>();
        for (int r = 0; r < rounds; r++) ms.add(round(compiler, fleet));
        Collections.sort(ms);
        double median = ms.get(ms.size() / 2);
        System.out.printf("compile-example-tree N=%d  median %.0f ms  min %.0f  max %.0f  (%d rounds)  = %.2f ms per minion, %.1f resources each%n",
                n, median, ms.get(0), ms.get(ms.size() - 1), rounds, median / n, (double) lastResources / n);
    }

    private static double round(StateCompiler compiler, List<Map<String, Object>> fleet) {
        long t0 = System.nanoTime();
        int resources = 0;
        for (Map<String, Object> g : fleet) {
            resources += compiler.compile((String) g.get("id"), g, List.of()).resources().size();
        }
        if (resources == 0) throw new AssertionError("nothing compiled");
        lastResources = resources;
        return (System.nanoTime() - t0) / 1e6;
    }

    private static String id(int i) {
        return ROLES[i % ROLES.length] + i;
    }

    private static Map<String, Object> grains(int i) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", id(i));
        g.put("role", ROLES[i % ROLES.length]);
        g.put("os", "Debian");
        g.put("os_family", "Debian");
        g.put("oscodename", "bookworm");
        String octets = (i / 250) + "." + (i % 250 + 1);
        g.put("ip4_interfaces", Map.of("eth0", List.of("203.0." + octets), "eth1", List.of("10.77." + octets),
                "lo", List.of("127.0.0.1")));
        return g;
    }
}
