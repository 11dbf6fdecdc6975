package dev.jsalt.master.cloud;

import dev.jsalt.cloud.droplets.CloudConfig;
import dev.jsalt.cloud.droplets.CloudMap;
import dev.jsalt.cloud.droplets.DigitalOcean;
import dev.jsalt.cloud.droplets.Droplet;
import dev.jsalt.cloud.droplets.MasterLink;
import dev.jsalt.cloud.droplets.Provisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Cloud provisioning run by the master itself, for orchestrate steps and the {@code /v1/cloud} routes: the same
 * {@link Provisioner} as {@code jsalt cloud}, with the master's own components as its {@link MasterLink}.
 *
 * <p>cloud.yaml (and cloud.d/) is read from the master's config folder each time a run is prepared, as the CLI reads
 * it, with the same file:line errors: an edit applies at the next run, and a master without cloud machines never
 * reads it. A run is prepared (checked) before anything is done, so a mistake is refused before any stream or step
 * starts. One run at a time: two runs naming one machine must not both find it missing and both create it.
 *
 * <p>The provider's API token is read by the client when a run needs it and is never kept here, logged, or put in
 * an outcome (the clients scrub it from provider errors).
 */
public final class CloudService {
    private static final Logger log = LoggerFactory.getLogger(CloudService.class);

    /** A create checked against cloud.yaml: the profile exists, the master address is set, every name is valid. */
    public record CreateRun(CloudConfig config, CloudConfig.Profile profile, List<String> names) {
    }

    /** A destroy checked against cloud.yaml: the provider is known. */
    public record DestroyRun(CloudConfig config, CloudConfig.Provider provider, List<String> names) {
    }

    /** A map checked against cloud.yaml: its profiles exist and use one provider, every name is valid and named once. */
    public record MapRun(CloudConfig config, CloudConfig.Provider provider, Map<String, List<String>> map) {
    }

    private final Path configDir;
    private final MasterLink master;
    private final Map<String, String> env;
    private final Duration poll;
    private final ReentrantLock oneRun = new ReentrantLock();

    public CloudService(Path configDir, MasterLink master, Map<String, String> env, Duration poll) {
        this.configDir = configDir;
        this.master = master;
        this.env = env;
        this.poll = poll;
    }

    /** @throws dev.jsalt.common.config.ConfigException naming file:line for a mistake in cloud.yaml, or its absence */
    public CloudConfig config() { return CloudConfig.load(configDir); }

    public CreateRun prepareCreate(String profile, List<String> names) {
        CloudConfig c = config();
        CloudConfig.Profile p = c.profile(profile);
        c.requireMaster();
        return new CreateRun(c, p, checkNames(names));
    }

    public DestroyRun prepareDestroy(String provider, List<String> names) {
        CloudConfig c = config();
        return new DestroyRun(c, c.provider(provider), checkNames(names));
    }

    /**
     * A map given as data, or read from {@code path}: a map file in the master's config folder (relative to it, or
     * absolute inside it; a path that leaves it is refused, the runbook comes over the API).
     */
    public MapRun prepareMap(Map<String, List<String>> data, String path) {
        CloudConfig c = config();
        c.requireMaster();
        Map<String, List<String>> map = path != null ? CloudMap.read(mapFile(path), c) : CloudMap.check(data, c, "");
        String provider = CloudMap.provider(map, c, path == null ? "" : path + ": ");
        return new MapRun(c, c.provider(provider), map);
    }

    private Path mapFile(String path) {
        Path base = configDir.toAbsolutePath().normalize();
        Path file = base.resolve(path).normalize();
        if (!file.startsWith(base)) {
            throw new IllegalArgumentException("map file '" + path + "' is outside the master's config folder " + base);
        }
        return file;
    }

    /** What a map run would do, read-only. */
    public Provisioner.Plan plan(MapRun run) {
        return provisioner(run.config(), run.provider(), line -> { }, false).plan(run.map(), false);
    }

    /** Creates what is missing of the map (in parallel); names that exist and joined are unchanged. */
    public List<Provisioner.Outcome> create(MapRun run, Consumer<String> progress) throws InterruptedException {
        oneRun.lockInterruptibly();
        try {
            Provisioner p = provisioner(run.config(), run.provider(), logged(progress), false);
            return p.apply(p.plan(run.map(), false));
        } finally {
            oneRun.unlock();
        }
    }

    private static List<String> checkNames(List<String> names) {
        if (names.isEmpty()) throw new IllegalArgumentException("no machine names given");
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!CloudConfig.validName(n)) {
                throw new IllegalArgumentException("'" + n + "' is not a valid machine name (letters, digits, '-' or '_', at most 63)");
            }
            if (!seen.add(n)) throw new IllegalArgumentException("'" + n + "' is named twice");
        }
        return List.copyOf(names);
    }

    /** Machines jsalt made with that provider (null: the only one), by name. */
    public Map<String, Droplet> machines(String provider) {
        CloudConfig c = config();
        return provisioner(c, c.provider(provider), line -> { }, false).managed();
    }

    /** What a create would do, read-only: asks the provider what exists and the master who joined; creates nothing. */
    public Provisioner.Plan plan(CreateRun run) {
        return provisioner(run.config(), providerOf(run), line -> { }, false).plan(Map.of(run.profile().name(), run.names()), false);
    }

    /** What a destroy would do, read-only: name → the droplet it would delete, or null when jsalt made none of that name. */
    public Map<String, Droplet> plan(DestroyRun run) {
        Map<String, Droplet> managed = provisioner(run.config(), run.provider(), line -> { }, false).managed();
        Map<String, Droplet> out = new LinkedHashMap<>();
        for (String n : run.names()) out.put(n, managed.get(n));
        return out;
    }

    /** Creates the machines (in parallel), each joined and converged, or reported; progress one line per step. */
    public List<Provisioner.Outcome> create(CreateRun run, boolean keepFailed, Consumer<String> progress) throws InterruptedException {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String n : run.names()) byName.put(n, run.profile().name());
        oneRun.lockInterruptibly();
        try {
            return provisioner(run.config(), providerOf(run), logged(progress), keepFailed).createAll(byName);
        } finally {
            oneRun.unlock();
        }
    }

    /** Destroys the machines jsalt made of those names, then forgets their minions (key, grains, mine, enrolment). */
    public List<Provisioner.Outcome> destroy(DestroyRun run, Consumer<String> progress) throws InterruptedException {
        oneRun.lockInterruptibly();
        try {
            Provisioner p = provisioner(run.config(), run.provider(), logged(progress), false);
            List<Provisioner.Outcome> out = new ArrayList<>();
            for (String n : run.names()) out.add(p.destroy(n));
            return out;
        } finally {
            oneRun.unlock();
        }
    }

    private static CloudConfig.Provider providerOf(CreateRun run) { return run.config().provider(run.profile().provider()); }

    private Provisioner provisioner(CloudConfig c, CloudConfig.Provider p, Consumer<String> progress, boolean keepFailed) {
        DigitalOcean dc = p.client(env);
        return new Provisioner(c, dc, master, progress, poll, keepFailed);
    }

    /** Progress lines name machines, droplet ids and addresses, never a token: they go to the master's log too. */
    private static Consumer<String> logged(Consumer<String> progress) {
        return line -> {
            log.info("cloud: {}", line);
            progress.accept(line);
        };
    }
}
