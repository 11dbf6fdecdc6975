package dev.jsalt.e2e.lab;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fleet of lab hosts on this machine: one switch namespace ({@code jlab-LAB-sw}, bridge br0, no uplink) and per
 * host a netns ({@code jlab-LAB-HOST}, eth1 on the lab subnet) plus a private mount/uts/pid namespace held by an
 * init. The machine's own interfaces and firewall are never touched.
 *
 * <pre>
 * try (Lab lab = Lab.up(LabSpec.builder("demo").host("a", 10).host("b", 11).build())) {
 *     lab.host("a").exec("hostname");
 * }
 * </pre>
 * A lab built with {@link #up} belongs to this JVM: {@link #down()}, {@link #close()} or, failing those, a JVM
 * shutdown hook removes it, and a later {@link #sweep()} removes it if this JVM was killed. {@link #upDetached}
 * builds one that outlives the JVM ({@code jsalt lab up}) and is found again with {@link #attach}.
 */
public final class Lab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

    private volatile LabState state;
    // Hosts come and go while the lab runs (addHost/removeHost from the cloud stand-in's boot threads).
    private final Map<String, LabHost> hosts = Collections.synchronizedMap(new LinkedHashMap<>());
    private Thread shutdownHook;
    private boolean down;

    private Lab(LabState state) {
        this.state = state;
        for (HostState h : state.hosts()) hosts.put(h.name(), new LabHost(h, StateStore.hostDir(state.name(), h.name())));
    }

    /** Builds the lab, owned by this JVM. Sweeps leftovers of dead runs first. */
    public static Lab up(LabSpec spec) {
        return build(spec, false);
    }

    /** Builds a lab that outlives this JVM; remove it with {@code jsalt lab down} / {@link #down()} on {@link #attach}. */
    public static Lab upDetached(LabSpec spec) {
        return build(spec, true);
    }

    /** A lab built earlier (possibly by another JVM), if its state dir exists. */
    public static Optional<Lab> attach(String name) {
        return StateStore.read(name).map(Lab::new);
    }

    /** Names of the labs with a state dir on this machine. */
    public static List<String> list() {
        return StateStore.labNames();
    }

    /** Removes leftovers of labs whose owner JVM is gone (never a live or detached one). */
    public static SweepReport sweep() {
        Requirements.check();
        return StateStore.locked(() -> Sweeper.sweep(false));
    }

    /** Like {@link #sweep()}, but also removes detached labs ({@code jsalt lab down --all}). */
    public static SweepReport sweepAll() {
        Requirements.check();
        return StateStore.locked(() -> Sweeper.sweep(true));
    }

    public String name() { return state.name(); }

    public LabSpec spec() { return state.spec(); }

    public Path stateDir() { return StateStore.dir(name()); }

    public LabState state() { return state; }

    public List<LabHost> hosts() {
        synchronized (hosts) {
            return List.copyOf(hosts.values());
        }
    }

    public LabHost host(String name) {
        LabHost h = hosts.get(name);
        if (h == null) throw new IllegalArgumentException("lab " + name() + " has no host '" + name + "' (hosts: " + hosts.keySet() + ")");
        return h;
    }

    /** The host running the jsalt master, if the spec names one. */
    public Optional<LabHost> master() {
        return spec().masterHost().map(this::host);
    }

    /** The host running the jsalt master; a lab declared without one is an error here. */
    public LabHost requireMaster() {
        return master().orElseThrow(() -> new LabException("lab " + name() + " has no master host"));
    }

    /** Hosts that run a minion (every host but the master's), empty if no master was declared. */
    public List<LabHost> minions() {
        if (spec().masterHost().isEmpty()) return List.of();
        return hosts().stream().filter(h -> !h.name().equals(spec().master())).toList();
    }

    /**
     * Runs the {@code jsalt} CLI inside the master host, where it reaches the master's API on 127.0.0.1: the installed
     * {@code /usr/bin/jsalt} where the master runs from the lab's .debs, else this JVM's class path.
     */
    public ExecResult jsalt(String... args) {
        return jsalt(List.of(args), LabHost.DEFAULT_TIMEOUT);
    }

    public ExecResult jsalt(List<String> args, Duration timeout) {
        LabHost m = requireMaster();
        return m.exec(JsaltFleet.packaged(this, m) ? JsaltFleet.packagedCli(args) : JsaltFleet.cli(jvm(m), args), timeout);
    }

    /**
     * Applies a state document in {@code host} with the minion's local runner (no master involved): real state
     * modules against the host's real daemons and private paths. {@code test}: report what would change only.
     */
    public ApplyResult apply(LabHost host, StateDocument doc, boolean test) {
        return LocalApplyRunner.apply(jvm(host), host, doc, test);
    }

    /** {@link #apply(LabHost, StateDocument, boolean)} for resources in run order. */
    public ApplyResult apply(LabHost host, List<Resource> resources, boolean test) {
        return apply(host, LocalApplyRunner.document(host.name(), resources), test);
    }

    /** How this lab starts jsalt JVMs in its light hosts (this machine's java and class path). */
    public JvmCommand jvm() { return new JvmCommand(state.java(), state.classpath()); }

    /** How this lab starts jsalt JVMs in {@code host}: a booted host has its own java and sees the exported class path. */
    public JvmCommand jvm(LabHost host) {
        if (!host.booted()) return jvm();
        if (state.bootedClasspath() == null) throw new LabException("lab " + name() + " exported no class path for booted hosts");
        return new JvmCommand(Machines.JAVA_IN_HOST, state.bootedClasspath());
    }

    /** Tears the lab down (idempotent). */
    public synchronized void down() {
        if (down) return;
        down = true;
        // A host still starting would be recorded after the teardown read the state, and left behind.
        while (starting > 0) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        // No global lock: a sweep never takes a lab whose owner runs, and holding it through a mariadb shutdown
        // would stall every other JVM's Lab.up.
        Teardown.run(state, Boolean.getBoolean("jsalt.lab.keep"), true);
        removeShutdownHook();
    }

    @Override
    public void close() { down(); }

    private static Lab build(LabSpec spec, boolean detached) {
        Requirements.check();
        long t0 = System.nanoTime();
        JvmCommand jvm = JvmCommand.current();
        LabState initial = new LabState(spec, Owner.current(detached), Netns.switchNs(spec.name()), List.of(), jvm.java(), jvm.classpath());
        StateStore.locked(() -> {
            Sweeper.sweep(false);
            Optional<LabState> existing = StateStore.read(spec.name());
            if (existing.isPresent() || StateStore.labNames().contains(spec.name())) {
                throw new LabException("lab '" + spec.name() + "' is already up (state in " + StateStore.dir(spec.name())
                        + "); take it down with 'jsalt lab down " + spec.name() + "'");
            }
            // Recorded before the first namespace exists, so a crash from here on is found by sweep.
            StateStore.write(initial);
            return null;
        });
        Lab lab = new Lab(initial);
        if (!detached) lab.addShutdownHook();
        try {
            lab.buildHosts();
            if (spec.masterHost().isPresent()) JsaltFleet.start(lab);
        } catch (RuntimeException | Error e) {
            LOG.warn("lab {} failed to come up, tearing it down: {}", spec.name(), e.toString());
            try {
                lab.down();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        LOG.info("lab {} up in {} ms: {}", spec.name(), (System.nanoTime() - t0) / 1_000_000, lab.hosts());
        return lab;
    }

    private void buildHosts() {
        // Before the first namespace: building the image (once per recipe) takes minutes.
        if (spec().anyBooted()) bootKit();
        String sw = state.switchNs();
        Netns.add(sw);
        Netns.ip(sw, "link", "add", "br0", "type", "bridge");
        Netns.ip(sw, "link", "set", "br0", "up");
        Map<String, String> fleet = fleet();
        Map<String, Long> booting = new LinkedHashMap<>();
        for (HostSpec h : spec().hosts()) {
            long started = startHost(h, fleet);
            // Booted one after the other but not waited for: their systemd boots in parallel.
            if (started != 0) booting.put(h.name(), started);
        }
        booting.forEach(this::awaitBooted);
    }

    /**
     * Adds a host to the running lab (a droplet the cloud stand-in boots, say): it is recorded in lab.json before its
     * namespace exists, so {@link #down()} and a sweep remove it like a declared host. A booted host is waited for
     * until its systemd runs. Its /etc/hosts names the hosts up now; theirs are not rewritten (a new machine on a
     * private network whose name nobody announced).
     */
    public LabHost addHost(HostSpec h) {
        long started;
        Map<String, String> fleet;
        synchronized (this) {
            if (down) throw new LabException("lab " + name() + " is down: cannot add host " + h.name());
            LabSpec next = spec().withHost(h);
            if (next.bootOf(h) == Boot.SYSTEMD) bootKit();
            state = state.withSpec(next);
            StateStore.write(state);
            fleet = fleet();
            starting++;
        }
        // Outside the lab's lock: hosts added at once (the droplets of one cloud map) start side by side, as droplets
        // do; one at a time, 19 droplets took 25 s to start on this machine before any of them could boot.
        try {
            started = startHost(h, fleet);
        } catch (RuntimeException | Error e) {
            removeQuietly(h.name(), e);
            throw e;
        } finally {
            synchronized (this) {
                starting--;
                notifyAll();
            }
        }
        try {
            if (started != 0) awaitBooted(h.name(), started);
        } catch (RuntimeException | Error e) {
            removeQuietly(h.name(), e);
            throw e;
        }
        LOG.info("lab {}: host {} added", name(), host(h.name()));
        return host(h.name());
    }

    /** Takes one host down and forgets it (a destroyed droplet); the rest of the lab runs on. Unknown names are ignored. */
    public void removeHost(String name) {
        HostState h;
        synchronized (this) {
            if (down) return;
            h = state.hosts().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
        }
        if (h != null) Teardown.host(name(), h);
        synchronized (this) {
            if (down) return;
            state = state.withoutHost(name);
            StateStore.write(state);
            hosts.remove(name);
        }
    }

    private void removeQuietly(String name, Throwable cause) {
        try {
            removeHost(name);
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    /** Every declared host's name and address: each host's /etc/hosts resolves them. */
    private Map<String, String> fleet() {
        Map<String, String> fleet = new LinkedHashMap<>();
        for (HostSpec h : spec().hosts()) fleet.put(h.name(), spec().subnet().address(h.index()));
        return fleet;
    }

    /** What booted hosts need from the lab, made once: the image, the boot script, the exported class path. */
    private record BootKit(Path image, Path script, Path cpDir) {
    }

    private BootKit bootKit;
    private Path hostInitScript;
    /** Hosts being started outside the lock ({@link #addHost}); {@link #down} waits for them. */
    private int starting;

    private synchronized Path hostInitScript() {
        if (hostInitScript == null) hostInitScript = Scripts.install(stateDir(), "host-init.sh");
        return hostInitScript;
    }

    private synchronized BootKit bootKit() {
        if (bootKit == null) {
            Path image = LabImage.ensure();
            Path script = Scripts.install(stateDir(), "boot-host.sh");
            Path cpDir = stateDir().resolve("cp");
            state = state.withBootedClasspath(HostClasspath.export(cpDir, state.classpath()));
            StateStore.write(state);
            bootKit = new BootKit(image, script, cpDir);
        }
        return bootKit;
    }

    /**
     * Builds one host's namespace and veth on the switch and starts its init; a booted host's nspawn is started but not
     * waited for. Answers when a booted host's boot started (nanoTime), 0 for a light host.
     */
    private long startHost(HostSpec h, Map<String, String> fleet) {
        LabSpec spec;
        String sw;
        synchronized (this) {
            spec = spec();
            sw = state.switchNs();
        }
        String ns = Netns.hostNs(spec.name(), h.name());
        Boot boot = spec.bootOf(h);
        HostState hs = new HostState(h, spec.subnet().address(h.index()), ns, 0, 0, boot, 0, 0);
        record(hs);
        Netns.add(ns);
        String veth = "v" + h.index();
        // The peer is created directly inside the host's netns, so no interface ever appears in the root namespace.
        Netns.ip(sw, "link", "add", veth, "type", "veth", "peer", "name", "eth1", "netns", ns);
        Netns.ip(sw, "link", "set", veth, "master", "br0", "up");
        Netns.ip(ns, "addr", "add", spec.subnet().cidr(h.index()), "dev", "eth1");
        Netns.ip(ns, "link", "set", "eth1", "up");
        Path dir = StateStore.hostDir(spec.name(), h.name());
        if (boot == Boot.SYSTEMD) {
            BootKit kit = bootKit();
            Machines.Started m = Machines.boot(kit.script(), kit.image(), dir, ns, h.name(), fleet, kit.cpDir(),
                    spec.debs() == null ? null : Path.of(spec.debs()));
            record(hs.withNspawn(m.nspawnPid(), m.nspawnTicks()).withInit(m.initPid(), m.initTicks()));
            return System.nanoTime() - m.bootMillis() * 1_000_000;
        }
        List<PrivateTree.Bind> binds = PrivateTree.prepare(dir, h.name(), fleet);
        HostInit.Started init = HostInit.start(hostInitScript(), dir, ns, h.name(), binds);
        record(hs.withInit(init.pid(), init.ticks()));
        return 0;
    }

    private void awaitBooted(String h, long started) {
        String st = Machines.awaitBooted(host(h));
        LOG.info("lab {}: host {} booted ({}) {} ms after systemd-nspawn started", name(), h, st, (System.nanoTime() - started) / 1_000_000);
    }

    private synchronized void record(HostState h) {
        state = state.withHost(h);
        StateStore.write(state);
        hosts.put(h.name(), new LabHost(h, StateStore.hostDir(name(), h.name())));
    }

    private void addShutdownHook() {
        shutdownHook = new Thread(() -> {
            try {
                down();
            } catch (RuntimeException e) {
                System.err.println("lab " + name() + ": teardown at JVM exit failed: " + e);
            }
        }, "lab-teardown-" + name());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    private void removeShutdownHook() {
        if (shutdownHook == null || Thread.currentThread() == shutdownHook) return;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // JVM already shutting down
        }
    }

    @Override
    public String toString() {
        List<String> hs = new ArrayList<>();
        for (LabHost h : hosts()) hs.add(h.toString());
        return "Lab " + name() + " " + Collections.unmodifiableList(hs);
    }
}
