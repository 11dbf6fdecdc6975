package dev.jsalt.master.reactor;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.target.Globs;
import dev.jsalt.common.target.Target;
import dev.jsalt.master.events.EventBus;
import dev.jsalt.master.states.StateService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * Reacts to events with state runs, as configured in master.yaml:
 * <pre>
 * reactor:
 *   - event: jsalt/key/*&#47;accepted        # glob on the event tag
 *     apply: {target: 'role=vpn', sls: [vpn]}
 * </pre>
 * Triggers of one rule within {@code settle} (2 s) are coalesced into one run, so a wave of joining minions causes
 * one VPN update, not one per minion; a trigger during a run gets another run after it ({@link RuleRuns}). Rules that
 * apply the same states to the same target share their runs: a minion that joins fires both "accepted" and, a moment
 * later, its mine's "tinc.host", and one run covers both (with two queues, the fleet ran the same states twice). Runs
 * never overlap on a minion: they queue behind each other.
 */
public final class Reactor {
    private static final Logger log = LoggerFactory.getLogger(Reactor.class);
    private static final long SETTLE_MILLIS = 2000;

    /** One rule: an event glob and the state run it triggers. */
    public record Rule(String event, Pattern compiled, String target, List<String> sls) {
    }

    /** Starts a state run; answers its job id. */
    interface Runs {
        String apply(StateService.ApplyRequest request);
    }

    private final List<Rule> rules;
    private final Runs states;
    private final EventBus events;
    private final RuleRuns[] runs;
    private final dev.jsalt.master.metrics.MasterMetrics metrics;

    public Reactor(List<Rule> rules, StateService states, EventBus events, ScheduledExecutorService timer) {
        this(rules, states, events, timer, new dev.jsalt.master.metrics.MasterMetrics());
    }

    /** {@code metrics} counts the runs it starts and those it could not (see docs/metrics.md). */
    public Reactor(List<Rule> rules, StateService states, EventBus events, ScheduledExecutorService timer,
                   dev.jsalt.master.metrics.MasterMetrics metrics) {
        this(rules, request -> states.apply(request, null), events, timer, metrics);
    }

    Reactor(List<Rule> rules, Runs states, EventBus events, ScheduledExecutorService timer, dev.jsalt.master.metrics.MasterMetrics metrics) {
        this.metrics = metrics;
        this.rules = rules;
        this.states = states;
        this.events = events;
        this.runs = new RuleRuns[rules.size()];
        Map<Apply, RuleRuns> byApply = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            Apply apply = new Apply(r.target(), r.sls());
            runs[i] = byApply.computeIfAbsent(apply, a -> new RuleRuns(timer, SETTLE_MILLIS, tag -> fire(ruleFor(a, tag, r), tag)));
        }
        if (!rules.isEmpty()) events.subscribe(this::onEvent);
    }

    /** Parses the {@code reactor:} list of master.yaml; errors name the rule. */
    @SuppressWarnings("unchecked")
    public static List<Rule> parse(List<Object> raw, String file) {
        List<Rule> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String where = file + ": reactor rule " + (i + 1) + ": ";
            if (!(raw.get(i) instanceof Map<?, ?> m)) throw new ConfigException(where + "expected a mapping with 'event' and 'apply'");
            for (Object k : m.keySet()) {
                if (!List.of("event", "apply").contains(String.valueOf(k))) throw new ConfigException(where + "unknown key '" + k + "' (known: event, apply)");
            }
            Object ev = m.get("event");
            if (!(ev instanceof String tag) || tag.isBlank()) throw new ConfigException(where + "'event' must be a tag glob like jsalt/key/*/accepted");
            if (!(m.get("apply") instanceof Map<?, ?> apply)) throw new ConfigException(where + "'apply' must be {target: ..., sls: [...]}");
            for (Object k : apply.keySet()) {
                // a mistyped 'sls' must not leave an empty list: that would apply the whole top file on every event
                if (!List.of("target", "sls").contains(String.valueOf(k))) throw new ConfigException(where + "unknown key 'apply." + k + "' (known: target, sls)");
            }
            Object target = apply.get("target");
            if (!(target instanceof String t)) throw new ConfigException(where + "'apply.target' is missing");
            try {
                Target.parse(t);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + e.getMessage());
            }
            List<String> sls = new ArrayList<>();
            Object s = apply.get("sls");
            if (s instanceof String one) sls.add(one);
            else if (s instanceof List<?> l) l.forEach(x -> sls.add(String.valueOf(x)));
            else if (s != null) throw new ConfigException(where + "'apply.sls' must be a name or a list of names");
            try {
                out.add(new Rule(tag, Globs.compile(tag), t, List.copyOf(sls)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + "'event': " + e.getMessage());
            }
        }
        return out;
    }

    private void onEvent(EventBus.Event e) {
        if (e.tag().startsWith("jsalt/reactor/")) return;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            if (!r.compiled().matcher(e.tag()).matches()) continue;
            if (runs[i].trigger(e.tag())) {
                log.info("reactor: {} matched '{}'; applying {} to '{}' in {} ms", e.tag(), r.event(), r.sls(), r.target(), SETTLE_MILLIS);
            }
        }
    }

    /** What a rule does: rules that do the same share one queue of runs. */
    private record Apply(String target, List<String> sls) {
    }

    /** The rule of that apply which the triggering event matched (named in the run's event), else {@code fallback}. */
    private Rule ruleFor(Apply apply, String tag, Rule fallback) {
        for (Rule r : rules) {
            if (apply.equals(new Apply(r.target(), r.sls())) && r.compiled().matcher(tag).matches()) return r;
        }
        return fallback;
    }

    private void fire(Rule r, String tag) {
        try {
            String jid = states.apply(new StateService.ApplyRequest(r.target(), r.sls(), false, null, true, 600, "reactor"));
            metrics.reactorRun(true);
            events.publish("jsalt/reactor/" + jid, Map.of("rule", r.event(), "trigger", tag, "target", r.target(), "sls", r.sls()));
        } catch (RuntimeException e) {
            metrics.reactorRun(false);
            log.error("reactor run for '{}' failed: {}", r.event(), e.getMessage());
            events.publish("jsalt/reactor/error", Map.of("rule", r.event(), "trigger", tag, "error", String.valueOf(e.getMessage())));
        }
    }
}
