package dev.jsalt.master.cloud;

import dev.jsalt.cloud.droplets.MasterLink;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.MinionResult;
import dev.jsalt.master.jobs.MinionStatus;
import dev.jsalt.master.keys.EnrolmentIssuer;
import dev.jsalt.master.keys.KeyState;
import dev.jsalt.master.keys.KeyStore;
import dev.jsalt.master.registry.MinionRegistry;
import dev.jsalt.master.states.StateService;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Provisioning's questions answered by the master's own components, with the semantics of the CLI's link over the
 * HTTP API (the same enrolment refusals, "joined" = accepted and connected, the highstate judged on its return code),
 * so a machine made by an orchestrate step or an API route is made exactly as {@code jsalt cloud create} makes it.
 */
public final class LocalMasterLink implements MasterLink {
    /** The job user of provisioning's highstates, so {@code jsalt jobs} tells them apart. */
    static final String USER = "jsalt-cloud";

    private final KeyStore keys;
    private final EnrolmentIssuer issuer;
    private final MinionRegistry registry;
    private final StateService states;
    private final int highstateTimeout;

    public LocalMasterLink(KeyStore keys, EnrolmentIssuer issuer, MinionRegistry registry, StateService states, int highstateTimeout) {
        this.keys = keys;
        this.issuer = issuer;
        this.registry = registry;
        this.states = states;
        this.highstateTimeout = highstateTimeout;
    }

    @Override
    public Enrolment enrol(String id, int ttlSeconds) {
        EnrolmentIssuer.Grant g = issuer.issue(id, Duration.ofSeconds(ttlSeconds));
        return new Enrolment(g.issued().token(), g.masterFingerprint());
    }

    @Override
    public boolean joined(String id) {
        return keys.byId(id).map(k -> k.state() == KeyState.ACCEPTED).orElse(false) && registry.connected(id);
    }

    @Override
    public String highstate(String id) {
        CompletableFuture<List<MinionResult>> done = new CompletableFuture<>();
        try {
            // queued behind a run already going on the new machine (a reactor's, set off by its own key being accepted)
            states.apply(new StateService.ApplyRequest("L@" + id, List.of(), false, null, true, highstateTimeout, USER), e -> {
                if (e instanceof JobEvent.Done d) done.complete(d.results());
            });
            // The tracker settles every minion by the job's timeout; the grace only guards against a lost event.
            for (MinionResult r : done.get(highstateTimeout + 30L, TimeUnit.SECONDS)) {
                if (!r.minion().equals(id)) continue;
                if (r.status() == MinionStatus.RETURNED && r.retcode() != null && r.retcode() == 0) return null;
                return r.status() + ", retcode " + r.retcode();
            }
            return "no result from " + id;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException | TimeoutException e) {
            return "the highstate job did not finish: " + e;
        } catch (RuntimeException e) {
            // A compile error is the highstate failing, not the machine: report it and keep the machine (as the CLI does).
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    @Override
    public void forget(String id) {
        keys.enrolments().revoke(id);
        keys.delete(id);
    }
}
