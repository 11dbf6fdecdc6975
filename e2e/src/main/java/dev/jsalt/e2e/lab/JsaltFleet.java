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

    /** Where the packages keep their configuration (a booted host running the jsalt .debs). */
    public static final String PACKAGED_CONFIG_DIR = "/etc/jsalt";

    /** Whether {@code host} runs jsalt from the lab's .debs as systemd services (a booted host of a lab with debs). */
    public static boolean packaged(Lab lab, LabHost host) {
        return host.booted() && lab.spec().debs() != null;
    }

    /** argv of the installed jsalt CLI (as root, with the packaged master's /etc/jsalt). */
    public static List<String> packagedCli(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/jsalt"));
        argv.addAll(args);
        return argv;
    }

    static void start(Lab lab) {
        long t0 = System.nanoTime();
        LabHost master = lab.requireMaster();
        if (packaged(lab, master)) {
            writeYaml(master, PACKAGED_CONFIG_DIR, "master.yaml", packagedMasterConfig(lab.spec()));
            install(lab, master, "jsalt-master");
            awaitService(master, "jsalt-master", "127.0.0.1", API_PORT);
        } else {
            writeYaml(master, CONFIG_DIR, "master.yaml", masterConfig(lab.spec()));
            Daemon md = master.spawnDaemon("jsalt-master", lab.jvm(master).argv(256, MAIN, List.of("master", "-c", CONFIG_DIR)));
            awaitPort(master, md, "127.0.0.1", API_PORT);
        }
        LOG.info("lab {}: master API up after {} ms", lab.name(), (System.nanoTime() - t0) / 1_000_000);

        String masterAddr = master.address() + ":" + PORT;
        List<LabHost> installs = new ArrayList<>();
        for (LabHost h : lab.minions()) {
            if (packaged(lab, h)) {
                // Written before the package is installed, so the minion's first start already knows its master.
                writeYaml(h, PACKAGED_CONFIG_DIR, "minion.yaml", packagedMinionConfig(lab.spec(), h, masterAddr));
                installs.add(h);
            } else {
                writeYaml(h, CONFIG_DIR, "minion.yaml", minionConfig(lab.spec(), h, masterAddr));
                h.spawnDaemon("jsalt-minion", lab.jvm(h).argv(64, MAIN, List.of("minion", "-c", CONFIG_DIR)));
            }
        }
        // Each booted host has its own dpkg: installs run side by side (two at a time on a two-core machine).
        parallel(installs, h -> install(lab, h, "jsalt-minion"));
        if (lab.spec().acceptKeys() && !lab.minions().isEmpty()) acceptKeys(lab);
        LOG.info("lab {}: jsalt fleet up after {} ms", lab.name(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * Installs {@code jsalt} and {@code pkg} from the lab's .debs with apt-get (as an operator would: dependencies from
     * the host's apt, conffiles written beforehand kept); the package's postinst enables and starts the service.
     */
    public static ExecResult install(Lab lab, LabHost h, String pkg) {
        List<String> argv = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-q",
                "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"));
        argv.add(Machines.DEBS_IN_HOST + "/" + debFile(lab, "jsalt").getFileName());
        argv.add(Machines.DEBS_IN_HOST + "/" + debFile(lab, pkg).getFileName());
        long t0 = System.nanoTime();
        ExecResult r = h.exec(argv, Duration.ofMinutes(5)).orThrow("host " + h.name() + ": installing jsalt and " + pkg);
        LOG.info("lab {}: host {} installed {} in {} ms", lab.name(), h.name(), pkg, (System.nanoTime() - t0) / 1_000_000);
        return r;
    }

    /** The lab's newest {@code PKG_*_all.deb} (by dpkg's version order, through the file name's version). */
    static Path debFile(Lab lab, String pkg) {
        Path dir = Path.of(lab.spec().debs());
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(pkg + "_") && p.getFileName().toString().endsWith("_all.deb"))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new LabException("no " + pkg + "_*_all.deb in " + dir + " (built by: mvn package -pl packaging -am)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static void parallel(List<LabHost> hosts, java.util.function.Consumer<LabHost> work) {
        if (hosts.size() <= 1) {
            hosts.forEach(work);
            return;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (LabHost h : hosts) fs.add(pool.submit(() -> work.accept(h)));
            for (java.util.concurrent.Future<?> f : fs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new LabException(e.getCause().toString(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LabException("interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The packaged master's defaults (root_dir stays the unit's /var/lib/jsalt/master) plus the spec's extra keys. */
    static Map<String, Object> packagedMasterConfig(LabSpec spec) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bind", "0.0.0.0");
        m.put("port", PORT);
        m.put("api", Map.of("bind", "127.0.0.1", "port", API_PORT));
        m.putAll(spec.masterConfig());
        return m;
    }

    /**
     * A packaged minion's config: no {@code id}, so the minion names itself after the host's hostname (which, as on a
     * fresh cloud image, nothing resolves: the booted host's /etc/hosts does not list it); root_dir is the package's.
     */
    static Map<String, Object> packagedMinionConfig(LabSpec spec, LabHost h, String masterAddr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("master", masterAddr);
        m.put("grains", h.grains());
        m.putAll(spec.minionConfig());
        return m;
    }

    /** Waits until {@code unit} listens on addr:port; a unit that failed or keeps restarting fails with its journal. */
    private static void awaitService(LabHost host, String unit, String addr, int port) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (host.probeTcp(addr, port, Duration.ofSeconds(1)) != TcpProbe.OPEN) {
            String active = host.exec("systemctl", "is-active", unit).stdout().strip();
            if (System.nanoTime() > deadline || active.equals("failed")) {
                throw new LabException("host " + host.name() + ": " + unit + " (" + active + ") not listening on " + addr + ":" + port
                        + " after " + START_TIMEOUT + ": " + host.journal(unit, 30));
            }
            Pause.briefly();
        }
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
            if (packaged(lab, h)) {
                String unit = h.name().equals(lab.spec().master()) ? "jsalt-master" : "jsalt-minion";
                sb.append("\n--- ").append(h.name()).append(' ').append(unit).append(" journal:\n").append(h.journal(unit, 40));
                continue;
            }
            try (var s = Files.list(h.dir().resolve("logs"))) {
                for (Path log : s.toList()) sb.append("\n--- ").append(h.name()).append(' ').append(log.getFileName()).append(":\n").append(HostInit.tail(log));
            } catch (IOException e) {
                // no logs
            }
        }
        return sb.toString();
    }

    private static void writeYaml(LabHost h, String dir, String file, Map<String, Object> content) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path p = h.hostSide(dir + "/" + file);
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, new Yaml(o).dump(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p, e);
        }
    }
}
