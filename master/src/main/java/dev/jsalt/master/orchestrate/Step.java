package dev.jsalt.master.orchestrate;

import dev.jsalt.master.compile.SourcePos;

import java.util.List;
import java.util.Map;

/**
 * One step of a runbook. What every step has: its ID, where it is declared, the target, requisites, failhard and a
 * timeout; what it does is one of the five kinds.
 *
 * @param failhard a failure stops the run (the default for runbooks: a migration must not go on past a broken step)
 * @param failMinions minions allowed to fail or not answer without failing the step (Salt's {@code fail_minions})
 */
record Step(String id, SourcePos pos, String target, List<String> require, List<String> onfail, boolean failhard,
            int timeoutSeconds, List<String> failMinions, Action action) {

    Step {
        require = List.copyOf(require);
        onfail = List.copyOf(onfail);
        failMinions = List.copyOf(failMinions);
    }

    /** What a step does. */
    sealed interface Action permits ApplyStates, RunFunction, WaitFor, ManageKeys, RunCloud {
        /** {@code salt.state}, {@code salt.function}, {@code salt.wheel}, {@code salt.runner} or {@code jsalt.wait}, for output. */
        String kind();
    }

    /**
     * {@code salt.state}: apply SLS (or the highstate when {@code sls} is empty) to the target; {@code pillar} is
     * deep-merged over each minion's pillar for this step only (Salt's {@code pillar:}).
     */
    record ApplyStates(List<String> sls, boolean test, boolean queue, String ref, Map<String, Object> pillar) implements Action {
        ApplyStates {
            pillar = pillar == null ? Map.of() : pillar;
        }

        public String kind() { return "salt.state"; }
    }

    /** {@code salt.function}: run one execution function on the target. */
    record RunFunction(String fun, List<Object> args, Map<String, Object> kwargs) implements Action {
        public String kind() { return "salt.function"; }
    }

    /**
     * {@code salt.wheel} with {@code key.delete} or {@code key.reject}: the master's own key store, for the accepted keys
     * the step's {@code match} selects (Salt's wheel key functions), e.g. forgetting decommissioned servers.
     */
    record ManageKeys(String fun) implements Action {
        public String kind() { return "salt.wheel"; }
    }

    /**
     * {@code salt.runner} with Salt's cloud runner: {@code cloud.profile} creates the {@code instances} of {@code profile}
     * (cloud.yaml) that do not exist yet, each joined and converged, as {@code jsalt cloud create} does;
     * {@code cloud.destroy} destroys them and forgets their keys ({@code profile} is null then); {@code cloud.map_run}
     * creates what is missing of a map, given as {@code map} (profile → names) or read from the map file
     * {@code mapPath} in the master's config folder, as {@code jsalt cloud map} does without {@code --prune}.
     */
    record RunCloud(String fun, String profile, List<String> instances, Map<String, List<String>> map, String mapPath)
            implements Action {
        RunCloud {
            instances = List.copyOf(instances);
            map = map == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
        }

        RunCloud(String fun, String profile, List<String> instances) {
            this(fun, profile, instances, Map.of(), null);
        }

        public String kind() { return "salt.runner"; }

        boolean creates() { return fun.equals("cloud.profile"); }

        boolean mapRun() { return fun.equals("cloud.map_run"); }
    }

    /**
     * {@code jsalt.wait}: run {@code fun} on the target every {@code intervalSeconds} until every minion's return
     * satisfies all {@code until} conditions (or, with none, until the function succeeds everywhere).
     */
    record WaitFor(String fun, List<Object> args, Map<String, Object> kwargs, List<Condition> until, double intervalSeconds)
            implements Action {
        public String kind() { return "jsalt.wait"; }
    }
}
