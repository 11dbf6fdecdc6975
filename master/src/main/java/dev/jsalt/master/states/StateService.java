package dev.jsalt.master.states;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.config.MasterConfig;
import dev.jsalt.master.jobs.JobEvent;
import dev.jsalt.master.jobs.JobPublisher;
import dev.jsalt.master.mine.MineStore;
import dev.jsalt.master.registry.MinionRegistry;
import dev.jsalt.master.statetree.DirStateTree;
import dev.jsalt.master.statetree.GitStateTree;
import dev.jsalt.master.statetree.StateTree;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * State runs from the master's side: read the state tree (git at a ref, or a folder), compile one document per
 * targeted minion, and publish them as one {@code state.apply} job. Every document compiles before anything is
 * sent: one bad file and nothing is pushed to anyone.
 */
public final class StateService {
    private final MasterConfig config;
    private final MinionRegistry registry;
    private final JobPublisher publisher;
    private final MineStore mine;
    private final FunctionCatalog catalog = FunctionCatalog.standard();
    private final Object fetchLock = new Object(); // two jobs fetching into one bare clone would race for its ref locks

    /**
     * A state run request. {@code sls} empty = highstate; {@code ref} null = the configured ref; {@code pillar} is
     * deep-merged over each minion's compiled pillar for this run only (Salt's {@code pillar=}; plain values, no secrets).
     */
    public record ApplyRequest(String target, List<String> sls, boolean test, String ref, boolean queue, int timeoutSeconds,
                               String user, Map<String, Object> pillar) {
        public ApplyRequest {
            sls = sls == null ? List.of() : List.copyOf(sls);
            pillar = pillar == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(pillar));
        }

        public ApplyRequest(String target, List<String> sls, boolean test, String ref, boolean queue, int timeoutSeconds, String user) {
            this(target, sls, test, ref, queue, timeoutSeconds, user, Map.of());
        }
    }

    private final dev.jsalt.master.metrics.MasterMetrics metrics;

    public StateService(MasterConfig config, MinionRegistry registry, JobPublisher publisher, MineStore mine) {
        this(config, registry, publisher, mine, new dev.jsalt.master.metrics.MasterMetrics());
    }

    /** {@code metrics} times each minion's compile (see docs/metrics.md). */
    public StateService(MasterConfig config, MinionRegistry registry, JobPublisher publisher, MineStore mine,
                        dev.jsalt.master.metrics.MasterMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.registry = registry;
        this.publisher = publisher;
        this.mine = mine;
    }

    /** Compiles for every minion the target selects. Throws {@link CompileException} (prefixed with the minion) on the first error. */
    public Map<String, StateDocument> compile(String target, List<String> sls, String ref) {
        return compile(target, sls, ref, Map.of());
    }

    /** As {@link #compile(String, List, String)}, with a pillar override merged over every minion's pillar. */
    public Map<String, StateDocument> compile(String target, List<String> sls, String ref, Map<String, Object> pillarOverride) {
        return compile(target, sls, ref, pillarOverride, m -> new RenderCallsJob(publisher, m, "master", RenderCallsJob.DEFAULT_TIMEOUT_SECONDS));
    }

    private Map<String, StateDocument> compile(String target, List<String> sls, String ref, Map<String, Object> pillarOverride,
                                               java.util.function.Function<String, dev.jsalt.master.compile.salt.MinionAnswers.Asker> askerFor) {
        List<String> minions = publisher.resolve(target);
        Map<String, StateDocument> docs = new LinkedHashMap<>();
        try (Trees trees = openTrees(ref)) {
            // One snapshot per job: every minion compiles from the same commit even if the branch moves meanwhile.
            StateCompiler compiler = new StateCompiler(trees.states, trees.pillar, catalog, mine::get, config.cmdRunShell()).snapshot();
            for (String m : minions) {
                // The cancel hook: a client that went away, or a compile past its deadline, stops here between minions
                // (and inside, between files and YAML documents; the template engine checks it in its loops).
                dev.jsalt.master.compile.CompileControl.current().check();
                long t0 = System.nanoTime();
                try {
                    // a template's salt['user.info'](...) and the like are asked of the minion itself, in one job per round
                    docs.put(m, compiler.compile(m, registry.grains(m), sls, pillarOverride, askerFor.apply(m)));
                    metrics.compiled(System.nanoTime() - t0, true);
                } catch (CompileException e) {
                    // only the compile's own verdict counts: a cancelled compile (client gone, deadline) is neither
                    metrics.compiled(System.nanoTime() - t0, false);
                    throw new CompileException(e.file(), e.line(), e.column(), e.problem() + " (compiling for " + m + ")");
                }
            }
        }
        return docs;
    }

    /** Compiles and publishes; returns the job id. */
    public String apply(ApplyRequest req, Consumer<JobEvent> listener) {
        Map<String, StateDocument> docs = compile(req.target(), req.sls(), req.ref(), req.pillar(),
                m -> new RenderCallsJob(publisher, m, req.user(), req.timeoutSeconds()));
        String source = docs.values().stream().map(StateDocument::source).findFirst().orElse(describeTree(req.ref()));
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("test", req.test());
        if (req.queue()) kwargs.put("queue", true);
        if (!req.sls().isEmpty()) kwargs.put("sls", String.join(",", req.sls()));
        // recorded with the job (jsalt jobs) so a run's inputs are visible; plain values only, never secrets
        if (!req.pillar().isEmpty()) kwargs.put("pillar", req.pillar());
        List<Object> args = new ArrayList<>(req.sls());
        JobPublisher.Request jr = new JobPublisher.Request(req.target(), "state.apply", args, kwargs, req.timeoutSeconds(), source, req.user());
        return publisher.publish(jr, new ArrayList<>(docs.keySet()), (minion, common) -> {
            Map<String, Object> kw = new LinkedHashMap<>(common);
            kw.put("document", docs.get(minion));
            return kw;
        }, listener);
    }

    /** The compiled documents with secrets masked, for {@code jsalt show}. */
    /**
     * The compiled documents with secrets masked, for {@code jsalt show}; a minion whose templates asked it something
     * while rendering also gets {@code minion_answers}: each call and what the minion answered, so the values that
     * came from the minion are visible.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> show(String target, List<String> sls, String ref) {
        Map<String, List<Map<String, Object>>> answers = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, StateDocument> docs = compile(target, sls, ref, Map.of(), m -> calls -> {
            List<?> replies = new RenderCallsJob(publisher, m, "master", RenderCallsJob.DEFAULT_TIMEOUT_SECONDS).ask(calls);
            List<Map<String, Object>> seen = answers.computeIfAbsent(m, k -> new ArrayList<>());
            for (int i = 0; i < calls.size() && i < replies.size(); i++) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("call", calls.get(i).describe());
                if (replies.get(i) instanceof Map<?, ?> r) r.forEach((k, v) -> one.put(String.valueOf(k), v));
                seen.add(one);
            }
            return replies;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        docs.forEach((m, doc) -> {
            Map<String, Object> shown = (Map<String, Object>) mask(Json.convert(doc, Map.class));
            if (answers.containsKey(m)) shown.put("minion_answers", answers.get(m));
            out.put(m, shown);
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Object mask(Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1 && (m.containsKey("$secret") || m.containsKey("$sealed"))) return "<secret>";
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, mask(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(mask(o));
            return out;
        }
        return v;
    }

    private String describeTree(String ref) {
        Map<String, Object> t = config.stateTree();
        if (t.containsKey("dir")) return "dir:" + resolve(String.valueOf(t.get("dir")));
        return String.valueOf(t.get("git")) + "@" + (ref != null ? ref : t.getOrDefault("ref", "HEAD"));
    }

    private final class Trees implements AutoCloseable {
        final StateTree states;
        final StateTree pillar;

        Trees(StateTree states, StateTree pillar) {
            this.states = states;
            this.pillar = pillar;
        }

        @Override
        public void close() {
            for (StateTree t : new StateTree[]{states, pillar}) {
                if (t instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        // read-only trees: nothing to lose
                    }
                }
            }
        }
    }

    private Trees openTrees(String ref) {
        if (config.stateTree().isEmpty()) {
            throw new ConfigException(config.configDir().resolve(MasterConfig.FILE) + ": no 'state_tree' configured (git or dir)");
        }
        if (ref != null && !config.stateTree().containsKey("git")) {
            throw new IllegalArgumentException("--ref needs a git state_tree; this master reads a plain folder");
        }
        return new Trees(open(config.stateTree(), ref, "states"), config.pillarTree().isEmpty() ? null : open(config.pillarTree(), null, "pillar"));
    }

    private StateTree open(Map<String, Object> spec, String refOverride, String name) {
        if (spec.containsKey("dir")) return new DirStateTree(resolve(String.valueOf(spec.get("dir"))));
        String git = String.valueOf(spec.get("git"));
        String where = git.contains("://") ? git : resolve(git).toString();
        String ref = refOverride != null ? refOverride : String.valueOf(spec.getOrDefault("ref", "HEAD"));
        GitStateTree tree = new GitStateTree(where, ref, config.rootDir().resolve("cache/git-" + name));
        // A URL is read from its clone in the cache: fetch once per job, or every job would compile the first clone's commit.
        synchronized (fetchLock) {
            tree.refresh();
        }
        return tree;
    }

    private Path resolve(String p) {
        return config.configDir().resolve(p).normalize();
    }
}
