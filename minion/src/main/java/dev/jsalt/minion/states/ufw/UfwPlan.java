package dev.jsalt.minion.states.ufw;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this run's ufw states have declared so far (kept in the run's memo, never forgotten). It lets
 * {@code ufw.enabled} judge the lockout risk against the rules and policies the run declares, also in test mode
 * where nothing was applied, and lets {@code exact: true} know which rules are wanted.
 */
public final class UfwPlan {
    static final String MEMO_KEY = "ufw.plan";

    private final List<UfwRule> rules = new ArrayList<>();
    private final Map<String, String> policies = new LinkedHashMap<>();

    public synchronized void declare(List<UfwRule> declared) {
        for (UfwRule r : declared) {
            if (rules.stream().noneMatch(r::sameVerdict)) rules.add(r);
        }
    }

    public synchronized void declarePolicy(String direction, String policy) { policies.put(direction, policy); }

    public synchronized List<UfwRule> rules() { return List.copyOf(rules); }

    /** The policy this run sets for {@code direction}, else what the host has. */
    public synchronized String policy(String direction, UfwState host) {
        return policies.getOrDefault(direction, host.policy(direction));
    }
}
