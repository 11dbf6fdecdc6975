package dev.jsalt.master.orchestrate;

import dev.jsalt.cloud.droplets.Droplet;
import dev.jsalt.cloud.droplets.Provisioner;
import dev.jsalt.master.cloud.CloudService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a {@code salt.runner} cloud step: {@code cloud.profile} creates what is missing of its instances (an existing,
 * joined machine is left as it is, so a runbook can run again), {@code cloud.destroy} destroys them and forgets their
 * keys, {@code cloud.map_run} creates what is missing of a map. In a test run it only plans: it asks the provider what exists and the master who joined, and creates nothing.
 * The step fails when one machine does; its comment names the machine and why.
 */
final class CloudStep {
    private final CloudService cloud;
    private final boolean test;
    private final Consumer<String> progress;

    CloudStep(CloudService cloud, boolean test, Consumer<String> progress) {
        this.cloud = cloud;
        this.test = test;
        this.progress = progress;
    }

    StepOutcome run(String step, Step.RunCloud c) throws InterruptedException {
        try {
            if (c.mapRun()) return map(step, c);
            return c.creates() ? create(step, c) : destroy(step, c);
        } catch (RuntimeException e) {
            // cloud.yaml changed since the run was checked, or the provider could not be asked: the step fails, in one line
            return new StepOutcome.Failed(step, List.of(), null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private StepOutcome create(String step, Step.RunCloud c) throws InterruptedException {
        CloudService.CreateRun run = cloud.prepareCreate(c.profile(), c.instances());
        if (test) {
            Provisioner.Plan plan = cloud.plan(run);
            return planned(step, plan, "would create " + plan.create().keySet() + " (profile " + c.profile() + "); unchanged: " + plan.unchanged());
        }
        return judge(step, cloud.create(run, false, progress));
    }

    /** {@code cloud.map_run}: creates what is missing of the map; never destroys (Salt's map_run does not either). */
    private StepOutcome map(String step, Step.RunCloud c) throws InterruptedException {
        CloudService.MapRun run = cloud.prepareMap(c.map(), c.mapPath());
        if (test) {
            Provisioner.Plan plan = cloud.plan(run);
            return planned(step, plan, "would create " + plan.create().keySet() + "; unchanged: " + plan.unchanged());
        }
        return judge(step, cloud.create(run, progress));
    }

    /** A test run's verdict on a create plan: it fails where the real run would (a foreign name, a machine not joined). */
    private static StepOutcome planned(String step, Provisioner.Plan plan, String what) {
        if (!plan.foreign().isEmpty()) {
            return new StepOutcome.Failed(step, List.of(), plan.foreign().get(0), "a droplet of that name exists that jsalt did not make; " + what);
        }
        if (!plan.notJoined().isEmpty()) {
            return new StepOutcome.Failed(step, List.of(), plan.notJoined().get(0), "exists, but its minion has not joined the master; " + what);
        }
        return new StepOutcome.Succeeded(step, List.of(), what);
    }

    private StepOutcome destroy(String step, Step.RunCloud c) throws InterruptedException {
        CloudService.DestroyRun run = cloud.prepareDestroy(null, c.instances());
        if (test) {
            Map<String, Droplet> plan = cloud.plan(run);
            List<String> destroy = plan.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).toList();
            List<String> absent = plan.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
            return new StepOutcome.Succeeded(step, List.of(), "would destroy " + destroy + (absent.isEmpty() ? "" : "; none made by jsalt: " + absent));
        }
        return judge(step, cloud.destroy(run, progress));
    }

    /** Succeeded: every machine is as asked (created, unchanged, destroyed, absent); else the first failure. */
    private static StepOutcome judge(String step, List<Provisioner.Outcome> outcomes) {
        for (Provisioner.Outcome o : outcomes) {
            if (!o.ok()) return new StepOutcome.Failed(step, List.of(), o.name(), o.detail());
        }
        List<String> parts = new ArrayList<>();
        for (String status : List.of("created", "unchanged", "destroyed", "absent")) {
            List<String> names = outcomes.stream().filter(o -> o.status().equals(status)).map(Provisioner.Outcome::name).toList();
            if (!names.isEmpty()) parts.add(status + " " + names);
        }
        return new StepOutcome.Succeeded(step, List.of(), String.join("; ", parts));
    }
}
