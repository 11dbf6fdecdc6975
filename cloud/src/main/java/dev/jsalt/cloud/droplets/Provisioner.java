package dev.jsalt.cloud.droplets;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Creates and destroys machines of profiles: for each name, a one-time enrolment from the master, a droplet with the
 * user-data that carries it, the wait until the droplet is active and its minion has joined, the first highstate.
 * A machine that does not join in the profile's {@code join_timeout} is reported and destroyed (unless kept). Names
 * are created in parallel; progress goes to a callback, one line per step and droplet.
 *
 * <p>Droplets jsalt makes carry the tags {@code jsalt} and {@code jsalt-profile-NAME}; whatever exists is found by
 * that tag and the name, so an interrupted run can be run again without making duplicates, and a droplet of the same
 * name that jsalt did not make is never touched.
 */
public final class Provisioner {
    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
    public static final String TAG = "jsalt";

    /** The outcome for one name. */
    public record Outcome(String name, String status, String detail) {
        public boolean ok() { return !status.equals("failed"); }
    }

    /** What a map run would do, before it does it. */
    public record Plan(Map<String, String> create, List<String> unchanged, List<String> notJoined, List<String> destroy,
                       List<String> foreign) {
        public boolean noop() { return create.isEmpty() && destroy.isEmpty() && notJoined.isEmpty() && foreign.isEmpty(); }
    }

    /** Said of a machine jsalt made whose minion never joined (a create interrupted, a token expired). */
    static final String NOT_JOINED = "exists, but its minion has not joined the master: destroy it ('jsalt cloud destroy NAME --yes') "
            + "and create it again";

    private final CloudConfig config;
    private final DigitalOcean dc;
    private final MasterLink master;
    private final Consumer<String> progress;
    private final Duration poll;
    private final boolean keepFailed;

    public Provisioner(CloudConfig config, DigitalOcean dc, MasterLink master, Consumer<String> progress, Duration poll, boolean keepFailed) {
        this.config = config;
        this.dc = dc;
        this.master = master;
        this.progress = progress;
        this.poll = poll;
        this.keepFailed = keepFailed;
    }

    public static String profileTag(String profile) { return TAG + "-profile-" + profile; }

    /** Managed droplets by name (the first of each name). */
    public Map<String, Droplet> managed() {
        Map<String, Droplet> out = new LinkedHashMap<>();
        for (Droplet d : dc.listDroplets(TAG)) out.putIfAbsent(d.name(), d);
        return out;
    }

    /** Desired: profile → names. Plans against what exists; {@code prune}: managed droplets not named are destroyed. */
    public Plan plan(Map<String, List<String>> desired, boolean prune) {
        Map<String, Droplet> existing = managed();
        Map<String, String> create = new LinkedHashMap<>();
        List<String> unchanged = new ArrayList<>();
        List<String> notJoined = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (var e : desired.entrySet()) {
            for (String name : e.getValue()) {
                wanted.add(name);
                if (existing.containsKey(name)) {
                    (master.joined(name) ? unchanged : notJoined).add(name);
                } else if (!dc.dropletsNamed(name).isEmpty()) {
                    foreign.add(name);
                } else {
                    create.put(name, e.getKey());
                }
            }
        }
        List<String> destroy = new ArrayList<>();
        if (prune) for (String name : existing.keySet()) if (!wanted.contains(name)) destroy.add(name);
        return new Plan(create, unchanged, notJoined, destroy, foreign);
    }

    /** Carries out a plan: creates (in parallel) and destroys. Foreign names are refused, never touched. */
    public List<Outcome> apply(Plan plan) throws InterruptedException {
        List<Outcome> out = new ArrayList<>();
        for (String f : plan.foreign()) {
            out.add(new Outcome(f, "failed", "a droplet named " + f + " exists that jsalt did not create (no '" + TAG + "' tag); not touching it"));
        }
        for (String u : plan.unchanged()) out.add(new Outcome(u, "unchanged", "exists"));
        for (String n : plan.notJoined()) out.add(new Outcome(n, "failed", NOT_JOINED.replace("NAME", n)));
        out.addAll(createAll(plan.create()));
        for (String d : plan.destroy()) out.add(destroy(d));
        return out;
    }

    /**
     * Machines created at once by one run. Each mostly waits (for DigitalOcean, for its minion), and the API calls of
     * the waits are shared ({@link BootWatch}), so a map of 20 is 20 at once.
     */
    static final int MAX_PARALLEL = 32;

    /** name → profile, created in parallel. */
    public List<Outcome> createAll(Map<String, String> names) throws InterruptedException {
        if (names.isEmpty()) return List.of();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(MAX_PARALLEL, names.size()));
        try (BootWatch watch = new BootWatch(dc, TAG, poll)) {
            List<Future<Outcome>> fs = new ArrayList<>();
            for (var e : names.entrySet()) fs.add(pool.submit(() -> create(config.profile(e.getValue()), e.getKey(), watch)));
            List<Outcome> out = new ArrayList<>();
            for (Future<Outcome> f : fs) {
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    out.add(new Outcome("?", "failed", String.valueOf(ex.getCause())));
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The highstate, asked again while the master refuses it for load: twenty machines joining at once ask for twenty
     * highstates, more than a master's compile queue takes at a time, and a refused one was never started. Backs off
     * with jitter (0.5 s doubling to 8 s) for up to the profile's {@code join_timeout} after the machine joined.
     */
    private String highstate(String name, long deadlineNanos) {
        long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        RetryConfig config = RetryConfig.custom()
                .maxAttempts(1 + (int) Math.min(1000, left / 500))
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(500), 2.0, 0.5, Duration.ofSeconds(8)))
                .retryOnException(e -> e instanceof MasterLink.Busy && System.nanoTime() < deadlineNanos)
                .failAfterMaxAttempts(false)
                .build();
        Retry retry = Retry.of("highstate-" + name, config);
        retry.getEventPublisher().onRetry(e -> say(name, "the master is busy; asking for the highstate again in "
                + e.getWaitInterval().toMillis() + " ms"));
        try {
            return Retry.decorateSupplier(retry, () -> master.highstate(name)).get();
        } catch (MasterLink.Busy e) {
            return "the master stayed busy until join_timeout: " + e.getMessage();
        }
    }

    /** Whether a machine has joined is the master's to say, not DigitalOcean's: asked more often, at no API cost. */
    private Duration joinPoll() {
        return poll.compareTo(Duration.ofMillis(500)) < 0 ? poll : Duration.ofMillis(500);
    }

    private void say(String name, String what) {
        progress.accept(name + ": " + what);
    }

    /** One machine: enrol, create, wait active (in the run's {@code watch}), wait joined, highstate. Never throws: failures are outcomes. */
    private Outcome create(CloudConfig.Profile profile, String name, BootWatch watch) {
        if (!CloudConfig.NAME.matcher(name).matches()) {
            return new Outcome(name, "failed", "not a valid machine name (letters, digits, '-' or '_', at most 63)");
        }
        Droplet droplet = null;
        try {
            Map<String, Droplet> existing = new LinkedHashMap<>();
            for (Droplet d : dc.dropletsNamed(name)) existing.put(d.name(), d);
            if (!existing.isEmpty()) {
                Droplet d = existing.get(name);
                if (d != null && d.hasTag(TAG)) {
                    say(name, "exists (droplet " + d.id() + ", " + d.status() + ")");
                    if (!master.joined(name)) return new Outcome(name, "failed", NOT_JOINED.replace("NAME", name));
                    return new Outcome(name, "unchanged", "exists");
                }
                return new Outcome(name, "failed", "a droplet named " + name + " exists that jsalt did not create; not touching it");
            }
            CloudConfig.MasterAddress addr = config.requireMaster();
            MasterLink.Enrolment enrolment = master.enrol(name, profile.joinTimeout());
            List<String> tags = new ArrayList<>(List.of(TAG, profileTag(profile.name())));
            tags.addAll(profile.tags());
            String userData = UserData.render(profile, addr, name, enrolment.masterFingerprint(), enrolment.token());
            say(name, "creating (" + profile.size() + " in " + profile.region() + ", " + profile.image() + ")");
            DigitalOcean.Creation made = createOnce(name, new DropletRequest(name, profile.region(), profile.size(), profile.image(),
                    profile.sshKeys(), profile.backups(), profile.ipv6(), profile.monitoring(), tags, profile.vpcUuid(), userData));
            droplet = made.droplet();
            long deadline = System.nanoTime() + Duration.ofSeconds(profile.joinTimeout()).toNanos();
            Droplet up = watch.awaitActive(droplet.id(), made.actionId(), Duration.ofSeconds(profile.joinTimeout()));
            say(name, "active (droplet " + up.id() + ", " + up.publicIpv4() + (up.privateIpv4() == null ? "" : ", private " + up.privateIpv4()) + ")");
            while (!master.joined(name)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("did not join the master within join_timeout " + profile.joinTimeout() + " s");
                }
                Thread.sleep(joinPoll().toMillis());
            }
            say(name, "joined (key accepted with its one-time token)");
            if (profile.highstate()) {
                String failure = highstate(name, System.nanoTime() + Duration.ofSeconds(profile.joinTimeout()).toNanos());
                if (failure != null) {
                    say(name, "highstate failed: " + failure);
                    return new Outcome(name, "failed", "joined, but its highstate failed: " + failure);
                }
                say(name, "highstate converged");
            }
            return new Outcome(name, "created", up.publicIpv4());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(name, "failed", "interrupted");
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (droplet != null && !keepFailed) {
                say(name, "failed: " + why + "; destroying droplet " + droplet.id());
                try {
                    dc.deleteDroplet(droplet.id());
                    master.forget(name);
                } catch (RuntimeException again) {
                    log.warn("{}: clean-up after a failed create failed too: {}", name, again.getMessage());
                    return new Outcome(name, "failed", why + "; destroying it failed too: " + again.getMessage());
                }
                return new Outcome(name, "failed", why + " (destroyed)");
            }
            say(name, "failed: " + why + (droplet != null ? "; kept (--keep-failed)" : ""));
            return new Outcome(name, "failed", why + (droplet != null ? " (kept: droplet " + droplet.id() + ")" : ""));
        }
    }

    /**
     * A create that met a server error or a lost connection may or may not have been carried out: look for the
     * droplet by name and tag before asking again, so a flaky API never leaves two machines of one name.
     */
    private DigitalOcean.Creation createOnce(String name, DropletRequest request) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return dc.create(request);
            } catch (DoException e) {
                boolean unknownOutcome = e.status() == 0 || e.status() >= 500;
                if (!unknownOutcome || attempt >= 3) throw e;
                say(name, "create answered " + (e.status() == 0 ? "nothing" : e.status()) + "; looking for it before trying again");
                Thread.sleep(poll.toMillis());
                List<Droplet> made = dc.dropletsNamed(name).stream().filter(d -> d.hasTag(TAG)).toList();
                // found by name: its create action is not known, so its status is what is polled
                if (!made.isEmpty()) return new DigitalOcean.Creation(made.get(0), 0);
            }
        }
    }

    /** Destroys the managed droplet(s) of that name, then forgets the minion (key, grains, mine, enrolment). */
    public Outcome destroy(String name) {
        try {
            List<Droplet> mine = dc.dropletsNamed(name).stream().filter(d -> d.hasTag(TAG)).toList();
            if (mine.isEmpty()) {
                master.forget(name);
                return new Outcome(name, "absent", "no droplet named " + name + " made by jsalt");
            }
            for (Droplet d : mine) {
                say(name, "destroying droplet " + d.id());
                dc.deleteDroplet(d.id());
            }
            master.forget(name);
            say(name, "destroyed; key deleted");
            return new Outcome(name, "destroyed", String.valueOf(mine.get(0).id()));
        } catch (RuntimeException e) {
            return new Outcome(name, "failed", e.getMessage());
        }
    }
}
