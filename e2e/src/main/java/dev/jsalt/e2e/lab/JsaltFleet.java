package dev.jsalt.e2e.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs real jsalt daemons in a lab: {@code jsalt master} in the master host, {@code jsalt minion} in every other
 * host, then accepts the minions' keys the way an operator does ({@code jsalt keys accept ID...} in the master host).
 *
 * <p>Why the master runs in a lab host, not in the root namespace: the lab's switch has no link to the root
 * namespace (so the lab can never touch the machine's interfaces or firewall), hence a master outside could not
 * be reached by any minion; and in a host it gets a private root_dir and API port like a real master machine.
 */
public final class JsaltFleet {
    private static final Logger LOG = LoggerFactory.getLogger(JsaltFleet.class);
    public static final String MAIN = "dev.jsalt.cli.Main";
    public static final String CONFIG_DIR = PrivateTree.JSALT_ROOT + "/etc";
    public static final String MASTER_ROOT = PrivateTree.JSALT_ROOT + "/master";
    public static final String MINION_ROOT = PrivateTree.JSALT_ROOT + "/minion";
    public static final int PORT = 4506;
    public static final int API_PORT = 4507;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);

    private JsaltFleet() {
    }

    /** argv of the jsalt CLI inside a host; JSALT_CONFIG points it at the lab's master config. */
    public static List<String> cli(JvmCommand jvm, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("env", "JSALT_CONFIG=" + CONFIG_DIR));
        argv.addAll(jvm.argv(96, MAIN, args));
        return argv;
    }

    static void start(Lab lab) {
        long t0 = System.nanoTime();
        LabHost master = lab.requireMaster();
        writeYaml(master, "master.yaml", masterConfig(lab.spec()));
        Daemon md = master.spawnDaemon("jsalt-master", lab.jvm().argv(256, MAIN, List.of("master", "-c", CONFIG_DIR)));
        awaitPort(master, md, "127.0.0.1", API_PORT);
        LOG.info("lab {}: master API up after {} ms", lab.name(), (System.nanoTime() - t0) / 1_000_000);

        String masterAddr = master.address() + ":" + PORT;
        List<Daemon> minions = new ArrayList<>();
        for (LabHost h : lab.minions()) {
            writeYaml(h, "minion.yaml", minionConfig(lab.spec(), h, masterAddr));
            minions.add(h.spawnDaemon("jsalt-minion", lab.jvm().argv(64, MAIN, List.of("minion", "-c", CONFIG_DIR))));
        }
        if (lab.spec().acceptKeys() && !minions.isEmpty()) acceptKeys(lab);
        LOG.info("lab {}: jsalt fleet up after {} ms", lab.name(), (System.nanoTime() - t0) / 1_000_000);
    }

    static Map<String, Object> masterConfig(LabSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root_dir", MASTER_ROOT);
        m.put("bind", "0.0.0.0");
        m.put("port", PORT);
        m.put("api", Map.of("bind", "127.0.0.1", "port", API_PORT));
        m.putAll(spec.masterConfig());
        return m;
    }

    static Map<String, Object> minionConfig(LabSpec spec, LabHost h, String masterAddr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", h.name());
        m.put("master", masterAddr);
        m.put("root_dir", MINION_ROOT);
        m.put("grains", h.grains());
        m.putAll(spec.minionConfig());
        return m;
    }

    /** Waits until every minion's key is pending, then accepts exactly those ids (as an operator would). */
    private static void acceptKeys(Lab lab) {
        List<String> ids = lab.minions().stream().map(LabHost::name).toList();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        ExecResult last = null;
        while (System.nanoTime() < deadline) {
            long t = System.nanoTime();
            last = lab.jsalt("keys", "list", "--output", "json");
            LOG.debug("keys list took {} ms: {}", (System.nanoTime() - t) / 1_000_000, last.stdout().replaceAll("\\s+", " "));
            if (last.ok() && listed(last.stdout()).containsAll(ids)) {
                List<String> args = new ArrayList<>(List.of("keys", "accept"));
                args.addAll(ids);
                lab.jsalt(args, LabHost.DEFAULT_TIMEOUT).orThrow("lab " + lab.name() + ": accepting keys");
                LOG.info("lab {}: accepted minion keys {}", lab.name(), ids);
                return;
            }
            Pause.briefly();
        }
        throw new LabException("lab " + lab.name() + ": minion keys " + ids + " not all pending after " + START_TIMEOUT
                + "; last 'jsalt keys list': " + (last == null ? "-" : last.stdout() + last.stderr()) + logs(lab));
    }

    /** Ids in {@code jsalt keys list --output json} (a list of {id, state, ...}). */
    private static List<String> listed(String json) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode k : Json.mapper().readTree(json)) ids.add(k.path("id").asText());
        } catch (IOException e) {
            LOG.debug("unexpected keys list output: {}", json);
        }
        return ids;
    }

    private static void awaitPort(LabHost host, Daemon d, String addr, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (host.probeTcp(addr, port, Duration.ofSeconds(1)) != TcpProbe.OPEN) {
            if (!host.running(d)) throw new LabException("host " + host.name() + ": " + d.name() + " exited: " + HostInit.tail(d.log()));
            if (System.nanoTime() > deadline) {
                throw new LabException("host " + host.name() + ": " + d.name() + " not listening on " + addr + ":" + port
                        + " after " + START_TIMEOUT + ": " + HostInit.tail(d.log()));
            }
            Pause.briefly();
        }
    }

    private static String logs(Lab lab) {
        StringBuilder sb = new StringBuilder();
        for (LabHost h : lab.hosts()) {
            try (var s = Files.list(h.dir().resolve("logs"))) {
                for (Path log : s.toList()) sb.append("\n--- ").append(h.name()).append(' ').append(log.getFileName()).append(":\n").append(HostInit.tail(log));
            } catch (IOException e) {
                // no logs
            }
        }
        return sb.toString();
    }

    private static void writeYaml(LabHost h, String file, Map<String, Object> content) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path p = PrivateTree.hostSide(h.dir(), CONFIG_DIR + "/" + file);
        try {
            Files.writeString(p, new Yaml(o).dump(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }
}
