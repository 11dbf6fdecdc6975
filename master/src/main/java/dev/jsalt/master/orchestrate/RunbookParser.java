package dev.jsalt.master.orchestrate;

import dev.jsalt.common.target.Target;
import dev.jsalt.common.target.TargetSyntaxException;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.JinjaRenderer;
import dev.jsalt.master.compile.render.RenderScope;
import dev.jsalt.master.compile.render.Secrets;
import dev.jsalt.master.compile.render.SlsYaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a runbook in Salt's orchestrate SLS shape ({@code jinja|yaml}): ID declarations whose one function is
 * {@code salt.state}, {@code salt.function}, {@code salt.wheel}, {@code salt.runner} (the cloud runner) or {@code jsalt.wait},
 * with their arguments as a list of one-key maps
 * (or a plain map). Jinja sees {@code pillar} (the {@code --pillar} values), {@code test} and the mine. Every
 * mistake is a {@link CompileException} naming the file, line and key.
 */
final class RunbookParser {
    static final int DEFAULT_STATE_TIMEOUT = 600;
    static final int DEFAULT_FUNCTION_TIMEOUT = 120;
    static final int DEFAULT_WAIT_TIMEOUT = 300;
    /**
     * What a cloud step's record counts on (the run's own job timeout is the sum); the real limits are the profile's
     * join_timeout per machine and the highstate's, so a runner step takes no {@code timeout} of its own.
     */
    static final int RUNNER_STEP_SECONDS = 3600;

    private static final Set<String> COMMON = Set.of("tgt", "tgt_type", "require", "onfail", "failhard", "timeout", "fail_minions", "name");
    private static final Set<String> STATE_KEYS = Set.of("sls", "highstate", "test", "queue", "ref", "pillar");
    private static final Set<String> FUNCTION_KEYS = Set.of("fun", "arg", "kwarg");
    private static final Set<String> WAIT_KEYS = Set.of("fun", "arg", "kwarg", "until", "interval");
    private static final Set<String> WHEEL_KEYS = Set.of("match");
    /** The wheel functions jsalt offers; key.accept is left to an operator, who checks fingerprints first. */
    static final Set<String> WHEEL_FUNCTIONS = Set.of("key.delete", "key.reject");
    /**
     * The runner functions jsalt offers, with the arguments of Salt 3006's cloud runner each takes
     * ({@code salt/runners/cloud.py}: {@code profile(prof, instances)}, which also reads {@code profile} and
     * {@code names}; {@code destroy(instances)}). Salt's per-run overrides of a profile's settings are not taken:
     * a machine is what its profile in cloud.yaml says.
     */
    static final Map<String, Set<String>> RUNNER_FUNCTIONS = Map.of(
            "cloud.profile", Set.of("prof", "profile", "instances", "names"),
            "cloud.destroy", Set.of("instances", "names"),
            "cloud.map_run", Set.of("path", "map_data"));
    private static final String KINDS = "salt.state, salt.function, salt.wheel, salt.runner, jsalt.wait";

    private final JinjaRenderer renderer = new JinjaRenderer();
    private final MineView mine;
    private final Set<String> functions;

    /** @param functions the execution functions minions offer (steps naming others are refused here, not on the minions) */
    RunbookParser(MineView mine, Set<String> functions) {
        this.mine = mine == null ? MineView.EMPTY : mine;
        this.functions = functions;
    }

    Runbook parse(String file, String text, Map<String, Object> pillar, boolean test) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("pillar", pillar == null ? Map.of() : pillar);
        vars.put("grains", Map.of());
        vars.put("test", test);
        vars.put("opts", Map.of("id", "master", "test", test));
        Secrets secrets = new Secrets();
        String rendered = renderer.render(file, text, vars, new RenderScope(null, secrets, mine));
        SlsYaml yaml = new SlsYaml(file, secrets);
        Node root = yaml.parse(rendered, !rendered.equals(text));
        if (SlsYaml.isNull(root)) throw new CompileException(file, 1, 1, "the runbook declares no steps");
        if (!(root instanceof MappingNode map)) throw new CompileException(yaml.pos(root), "a runbook must be a mapping of step IDs");
        List<Step> steps = new ArrayList<>();
        for (NodeTuple t : yaml.entries(map)) steps.add(step(yaml, yaml.scalar(t.getKeyNode(), "a step ID"), t.getKeyNode(), t.getValueNode()));
        return new Runbook(file, order(steps));
    }

    private Step step(SlsYaml yaml, String id, Node idNode, Node body) {
        if (!(body instanceof MappingNode m) || m.getValue().size() != 1) {
            throw new CompileException(yaml.pos(idNode), "step '" + id + "' must name exactly one of " + KINDS);
        }
        NodeTuple only = m.getValue().get(0);
        String kind = yaml.scalar(only.getKeyNode(), "the step function");
        Args a = new Args(yaml, id, kind, only.getValueNode());
        Set<String> allowed = new LinkedHashSet<>(COMMON);
        allowed.addAll(switch (kind) {
            case "salt.state" -> STATE_KEYS;
            case "salt.function" -> FUNCTION_KEYS;
            case "jsalt.wait" -> WAIT_KEYS;
            case "salt.wheel" -> WHEEL_KEYS;
            case "salt.runner" -> runnerKeys(a);
            default -> throw new CompileException(yaml.pos(only.getKeyNode()), "step '" + id + "': unknown step function '" + kind
                    + "' (known: " + KINDS + ")");
        });
        if (kind.equals("salt.wheel")) allowed.removeAll(Set.of("tgt", "tgt_type", "fail_minions"));
        // A runner runs on the master: no target, and its own limits (see RUNNER_STEP_SECONDS).
        if (kind.equals("salt.runner")) allowed.removeAll(Set.of("tgt", "tgt_type", "fail_minions", "timeout"));
        a.only(allowed);
        String target = switch (kind) {
            case "salt.wheel" -> match(a);
            case "salt.runner" -> Orchestrator.RUNNER;
            default -> target(a);
        };
        Step.Action action = switch (kind) {
            case "salt.state" -> {
                List<String> sls = a.strings("sls");
                boolean highstate = a.bool("highstate", false);
                if (sls.isEmpty() && !highstate) throw a.error("sls", "is required (or highstate: true)");
                if (!sls.isEmpty() && highstate) throw a.error("highstate", "cannot be combined with sls");
                yield new Step.ApplyStates(sls, a.bool("test", false), a.bool("queue", false), a.string("ref", null), a.map("pillar"));
            }
            case "salt.function" -> {
                String fun = a.string("fun", a.string("name", null));
                yield new Step.RunFunction(function(a, fun, "fun"), a.list("arg"), a.map("kwarg"));
            }
            case "salt.wheel" -> {
                String fun = a.string("name", null);
                if (fun == null) throw a.error("name", "is required: key.delete or key.reject");
                if (!WHEEL_FUNCTIONS.contains(fun)) {
                    throw a.error("name", "'" + fun + "' is not a wheel function jsalt offers (known: key.delete, key.reject)");
                }
                yield new Step.ManageKeys(fun);
            }
            case "salt.runner" -> runCloud(a);
            default -> {
                String fun = function(a, a.string("fun", null), "fun");
                List<Condition> until = new ArrayList<>();
                for (String c : a.strings("until")) {
                    try {
                        until.add(Condition.parse(c));
                    } catch (IllegalArgumentException e) {
                        throw a.error("until", e.getMessage());
                    }
                }
                double interval = a.number("interval", 2);
                if (interval < 0.1 || interval > 3600) throw a.error("interval", "must be from 0.1 to 3600 seconds");
                yield new Step.WaitFor(fun, a.list("arg"), a.map("kwarg"), until, interval);
            }
        };
        int dflt = switch (kind) {
            case "salt.state" -> DEFAULT_STATE_TIMEOUT;
            case "salt.function" -> DEFAULT_FUNCTION_TIMEOUT;
            case "salt.runner" -> RUNNER_STEP_SECONDS;
            default -> DEFAULT_WAIT_TIMEOUT;
        };
        double timeout = a.number("timeout", dflt);
        if (timeout < 1 || timeout > 86_400) throw a.error("timeout", "must be from 1 to 86400 seconds");
        return new Step(id, yaml.pos(idNode), target, a.requisites("require"), a.requisites("onfail"), a.bool("failhard", true),
                (int) timeout, a.strings("fail_minions"), action);
    }

    /** The arguments a runner step may have, which depend on the runner function its {@code name} gives. */
    private static Set<String> runnerKeys(Args a) {
        String fun = a.string("name", null);
        if (fun == null) throw a.error("name", "is required: cloud.profile, cloud.destroy or cloud.map_run");
        Set<String> keys = RUNNER_FUNCTIONS.get(fun);
        if (keys == null) {
            throw a.error("name", "'" + fun + "' is not a runner function jsalt offers (known: "
                    + String.join(", ", RUNNER_FUNCTIONS.keySet().stream().sorted().toList()) + ")");
        }
        return keys;
    }

    /** Salt's cloud runner: {@code prof} (or {@code profile}) and {@code instances} (or {@code names}), a list or "a,b". */
    private static Step.RunCloud runCloud(Args a) {
        String fun = a.string("name", null);
        if (fun.equals("cloud.map_run")) return mapRun(a);
        String profile = null;
        if (fun.equals("cloud.profile")) {
            String profKey = given(a, "prof", "profile");
            if (profKey == null) throw a.error("prof", "is required: the profile in cloud.yaml to create the instances of");
            profile = a.string(profKey, null);
        }
        String instancesKey = given(a, "instances", "names");
        if (instancesKey == null) throw a.error("instances", "is required: the machine names, a list or a,b");
        List<String> instances = a.strings(instancesKey);
        if (instances.isEmpty()) throw a.error(instancesKey, "names no machine");
        Set<String> seen = new java.util.HashSet<>();
        for (String n : instances) {
            if (!dev.jsalt.cloud.droplets.CloudConfig.validName(n)) {
                throw a.error(instancesKey, "'" + n + "' is not a valid machine name (letters, digits, '-' or '_', at most 63)");
            }
            if (!seen.add(n)) throw a.error(instancesKey, "names '" + n + "' twice");
        }
        return new Step.RunCloud(fun, profile, instances);
    }

    /**
     * Salt's {@code cloud.map_run}: {@code path}, a map file (checked when the runbook is, against cloud.yaml), or
     * {@code map_data}, the map itself: each profile with its machine names (a list or "a,b").
     */
    private static Step.RunCloud mapRun(Args a) {
        boolean path = a.raw("path") != null;
        boolean data = a.raw("map_data") != null;
        if (path && data) throw a.error("map_data", "and path are two ways to give the map: give one of them");
        if (!path && !data) throw a.error("path", "is required (or map_data): the map of profile -> machine names");
        if (path) return new Step.RunCloud("cloud.map_run", null, List.of(), Map.of(), a.string("path", null));
        if (!(a.raw("map_data") instanceof Map<?, ?> raw) || raw.isEmpty()) {
            throw a.error("map_data", "must be a map of profile -> machine names, e.g. {app: [app3, app4]}");
        }
        Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        List<String> all = new java.util.ArrayList<>();
        for (Map.Entry<?, ?> e : raw.entrySet()) {
            String profile = String.valueOf(e.getKey());
            List<String> names = new java.util.ArrayList<>();
            if (e.getValue() instanceof List<?> l) {
                for (Object o : l) names.add(String.valueOf(o).strip());
            } else if (e.getValue() instanceof String str) {
                for (String n : str.split(",")) if (!n.isBlank()) names.add(n.strip());
            } else {
                throw a.error("map_data", "'" + profile + "' must list machine names (a list or a,b), found " + e.getValue());
            }
            if (names.isEmpty()) throw a.error("map_data", "'" + profile + "' names no machine");
            for (String n : names) {
                if (!dev.jsalt.cloud.droplets.CloudConfig.validName(n)) {
                    throw a.error("map_data", "'" + n + "' is not a valid machine name (letters, digits, '-' or '_', at most 63)");
                }
                if (!seen.add(n)) throw a.error("map_data", "names '" + n + "' twice");
            }
            map.put(profile, names);
            all.addAll(names);
        }
        return new Step.RunCloud("cloud.map_run", null, all, map, null);
    }

    /** Which of a key and its alias is given (null: neither); both at once is a mistake, not a choice. */
    private static String given(Args a, String key, String alias) {
        if (a.raw(key) != null && a.raw(alias) != null) throw a.error(alias, "is another name for '" + key + "': give one of them");
        if (a.raw(key) != null) return key;
        return a.raw(alias) != null ? alias : null;
    }

    private String function(Args a, String fun, String key) {
        if (fun == null) throw a.error(key, "is required, e.g. " + key + ": test.ping");
        if (fun.equals("state.apply")) throw a.error(key, "state.apply runs through salt.state steps");
        if (!functions.contains(fun)) throw a.error(key, "'" + fun + "' is not a function minions offer (known: " + String.join(", ", functions) + ")");
        return fun;
    }

    /** A wheel step's {@code match}: minion ids as a glob or target expression, or a list of ids. */
    private static String match(Args a) {
        Object raw = a.raw("match");
        if (raw == null) throw a.error("match", "is required: the minions whose keys this step changes (app1, old-*, [app1, db1])");
        if (raw instanceof List<?> l) {
            if (l.isEmpty()) throw a.error("match", "is an empty list");
            return "L@" + String.join(",", l.stream().map(String::valueOf).toList());
        }
        return String.valueOf(raw).strip();
    }

    /** jsalt target expressions; Salt's tgt_type list/grain are translated, glob/compound need nothing. */
    private static String target(Args a) {
        Object raw = a.raw("tgt");
        if (raw == null) throw a.error("tgt", "is required (a target: role=db, web*, L@a,b, ...)");
        String type = a.string("tgt_type", "glob");
        if (raw instanceof List<?> l) {
            if (!type.equals("list")) throw a.error("tgt", "is a list; set tgt_type: list");
            return "L@" + String.join(",", l.stream().map(String::valueOf).toList());
        }
        String tgt = String.valueOf(raw).strip();
        String expr = switch (type) {
            case "glob", "compound" -> tgt;
            case "pcre" -> "E@" + tgt;
            case "list" -> "L@" + tgt.replace(" ", "");
            case "grain" -> {
                int colon = tgt.indexOf(':');
                if (colon <= 0) throw a.error("tgt", "a grain target is KEY:VALUE, got '" + tgt + "'");
                yield tgt.substring(0, colon) + "=" + tgt.substring(colon + 1);
            }
            default -> throw a.error("tgt_type", "must be glob, compound, pcre, list or grain, got '" + type + "'");
        };
        try {
            Target.parse(expr); // a typo fails here, at its line, not when the run reaches the step
        } catch (TargetSyntaxException e) {
            throw a.error("tgt", e.getMessage());
        }
        return expr;
    }

    /** Run order: file order, except that a step runs after every step it requires or watches for failure. */
    private static List<Step> order(List<Step> steps) {
        Map<String, Step> byId = new LinkedHashMap<>();
        for (Step s : steps) byId.put(s.id(), s);
        for (Step s : steps) {
            for (String r : concat(s.require(), s.onfail())) {
                if (!byId.containsKey(r)) {
                    throw new CompileException(s.pos(), "step '" + s.id() + "' requires '" + r + "', which is not a step of this runbook");
                }
                if (r.equals(s.id())) throw new CompileException(s.pos(), "step '" + s.id() + "' requires itself");
            }
        }
        List<Step> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (out.size() < steps.size()) {
            Step next = null;
            for (Step s : steps) {
                if (!done.contains(s.id()) && done.containsAll(concat(s.require(), s.onfail()))) {
                    next = s;
                    break;
                }
            }
            if (next == null) {
                Step stuck = steps.stream().filter(s -> !done.contains(s.id())).findFirst().orElseThrow();
                throw new CompileException(stuck.pos(), "requisite cycle: step '" + stuck.id() + "' and the steps it requires wait for each other");
            }
            out.add(next);
            done.add(next.id());
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** A step's arguments with positions, read from Salt's list-of-one-key-maps form or a plain map. */
    private static final class Args {
        private final SlsYaml yaml;
        private final String id;
        private final String kind;
        private final Map<String, Node> keys = new LinkedHashMap<>();
        private final Map<String, Node> values = new LinkedHashMap<>();
        private final Node body;

        Args(SlsYaml yaml, String id, String kind, Node body) {
            this.yaml = yaml;
            this.id = id;
            this.kind = kind;
            this.body = body;
            if (SlsYaml.isNull(body)) return;
            if (body instanceof SequenceNode seq) {
                for (Node item : seq.getValue()) {
                    if (!(item instanceof MappingNode m) || m.getValue().size() != 1) {
                        throw new CompileException(yaml.pos(item), where() + ": each argument must be one 'key: value'");
                    }
                    put(m.getValue().get(0));
                }
            } else if (body instanceof MappingNode m) {
                for (NodeTuple t : yaml.entries(m)) put(t);
            } else {
                throw new CompileException(yaml.pos(body), where() + ": arguments must be a list of 'key: value'");
            }
        }

        private void put(NodeTuple t) {
            String k = yaml.scalar(t.getKeyNode(), "an argument name");
            if (keys.containsKey(k)) throw new CompileException(yaml.pos(t.getKeyNode()), where() + ": argument '" + k + "' given twice");
            keys.put(k, t.getKeyNode());
            values.put(k, t.getValueNode());
        }

        String where() { return "step '" + id + "' (" + kind + ")"; }

        void only(Set<String> allowed) {
            for (Map.Entry<String, Node> e : keys.entrySet()) {
                if (e.getKey().equals("ssh") && !allowed.contains("ssh")) {
                    throw new CompileException(yaml.pos(e.getValue()), where() + ": ssh: salt-ssh is not supported by jsalt,"
                            + " which reaches machines only through their minion (bootstrap one with jsalt bootstrap)");
                }
                if (!allowed.contains(e.getKey())) {
                    throw new CompileException(yaml.pos(e.getValue()), where() + ": unknown argument '" + e.getKey() + "' (known: "
                            + String.join(", ", allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        CompileException error(String key, String problem) {
            Node n = keys.containsKey(key) ? keys.get(key) : body;
            return new CompileException(n == null ? new SourcePos(yaml.file(), 0, 0) : yaml.pos(n), where() + ": '" + key + "' " + problem);
        }

        Object raw(String key) {
            Node n = values.get(key);
            return n == null || SlsYaml.isNull(n) ? null : yaml.value(n);
        }

        String string(String key, String dflt) {
            Object v = raw(key);
            if (v == null) return dflt;
            if (v instanceof Map || v instanceof List) throw error(key, "must be a single value");
            return String.valueOf(v);
        }

        boolean bool(String key, boolean dflt) {
            Object v = raw(key);
            if (v == null) return dflt;
            if (v instanceof Boolean b) return b;
            throw error(key, "must be true or false, got '" + v + "'");
        }

        double number(String key, double dflt) {
            Object v = raw(key);
            if (v == null) return dflt;
            if (v instanceof Number n) return n.doubleValue();
            throw error(key, "must be a number, got '" + v + "'");
        }

        /** A list, or a comma-separated string. */
        List<String> strings(String key) {
            Object v = raw(key);
            List<String> out = new ArrayList<>();
            if (v == null) return out;
            if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map || o instanceof List) throw error(key, "must be a list of plain values");
                    out.add(String.valueOf(o));
                }
            } else if (v instanceof Map) {
                throw error(key, "must be a list");
            } else {
                for (String s : String.valueOf(v).split(",")) if (!s.isBlank()) out.add(s.strip());
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key) {
            Object v = raw(key);
            if (v == null) return List.of();
            if (v instanceof List<?> l) return (List<Object>) l;
            return List.of(v);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map(String key) {
            Object v = raw(key);
            if (v == null) return Map.of();
            if (v instanceof Map<?, ?> m) return (Map<String, Object>) m;
            throw error(key, "must be a mapping");
        }

        /** {@code [step]}, {@code [{salt: step}]} or {@code [{jsalt: step}]}: the step IDs. */
        List<String> requisites(String key) {
            Object v = raw(key);
            List<String> out = new ArrayList<>();
            if (v == null) return out;
            for (Object o : v instanceof List<?> l ? l : List.of(v)) {
                if (o instanceof Map<?, ?> m) {
                    if (m.size() != 1) throw error(key, "entries are a step ID or {salt: ID}");
                    Map.Entry<?, ?> e = m.entrySet().iterator().next();
                    if (!List.of("salt", "jsalt").contains(String.valueOf(e.getKey()))) {
                        throw error(key, "entries are a step ID or {salt: ID}, got '" + e.getKey() + "'");
                    }
                    out.add(String.valueOf(e.getValue()));
                } else {
                    out.add(String.valueOf(o));
                }
            }
            return out;
        }
    }
}
