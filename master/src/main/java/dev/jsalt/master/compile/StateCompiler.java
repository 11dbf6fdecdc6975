package dev.jsalt.master.compile;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.files.FileArgs;
import dev.jsalt.master.compile.pillar.PillarCompiler;
import dev.jsalt.master.compile.render.DeepMerge;
import dev.jsalt.master.compile.render.JinjaRenderer;
import dev.jsalt.master.compile.render.RenderScope;
import dev.jsalt.master.compile.salt.MinionAnswers;
import dev.jsalt.master.compile.salt.MinionCalls;
import dev.jsalt.master.compile.render.Secrets;
import dev.jsalt.master.compile.sls.ArgCheck;
import dev.jsalt.master.compile.sls.SaltCmdShell;
import dev.jsalt.master.compile.sls.ArgRewriter;
import dev.jsalt.master.compile.sls.DeclarationParser;
import dev.jsalt.master.compile.sls.SaltLowData;
import dev.jsalt.master.compile.sls.HighstateAssembler;
import dev.jsalt.master.compile.sls.LoadedSls;
import dev.jsalt.master.compile.sls.SlsLoader;
import dev.jsalt.master.compile.sls.SlsNames;
import dev.jsalt.master.compile.sls.SlsSource;
import dev.jsalt.master.compile.sls.TopFile;
import dev.jsalt.master.statetree.CachedTree;
import dev.jsalt.master.statetree.StateTree;
import dev.jsalt.master.statetree.TreePathException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The master-side state compiler: SLS files ({@code jinja|yaml}) → one {@link StateDocument} per minion, with
 * templates rendered from that minion's grains, pillar and the mine, requisites resolved to resource keys and
 * resources in execution order. Thread-safe; one instance serves all minions.
 *
 * <h2>Secrets</h2>
 * Pillar values tagged {@code !secret} never appear in clear inside a compiled document's plain arguments: every
 * argument string that carries one is replaced in {@link Resource#args()} by the map {@code {"$secret": "<plaintext>"}}.
 * Before a document leaves the master (or enters the job cache), the master's sealer must replace each such map with
 * {@code {"$sealed": "<ciphertext for this minion>"}}; the minion unseals before its state modules run.
 * {@link #pillarFor} marks secrets the same way.
 *
 * <h2>Errors</h2>
 * Every problem is a {@link CompileException} whose message is {@code file:line:col: problem}.
 */
public final class StateCompiler {
    private static final SourcePos REQUEST = new SourcePos("<request>", 0, 0);

    private final StateTree states;
    private final StateTree pillar;
    private final FunctionCatalog catalog;
    private final MineView mine;
    private final SaltCmdShell cmdShell;
    // One environment (filters, tests, globals, template cache) serves every compiler; renders share no state.
    private static final JinjaRenderer RENDERER = new JinjaRenderer();
    private static final PillarCompiler PILLAR = new PillarCompiler(RENDERER);

    /**
     * @param states  the state tree (top.sls and SLS files)
     * @param pillar  the pillar tree, or null for no pillar
     * @param catalog the state functions minions offer
     * @param mine    the mine, or {@link MineView#EMPTY}
     */
    public StateCompiler(StateTree states, StateTree pillar, FunctionCatalog catalog, MineView mine) {
        this(states, pillar, catalog, mine, List.of());
    }

    /** @param cmdRunShell master.yaml's {@code cmd_run_shell}: the SLS whose cmd.run strings run through /bin/sh, as in Salt */
    public StateCompiler(StateTree states, StateTree pillar, FunctionCatalog catalog, MineView mine, List<String> cmdRunShell) {
        this(states, pillar, catalog, mine, new SaltCmdShell(cmdRunShell));
    }

    private StateCompiler(StateTree states, StateTree pillar, FunctionCatalog catalog, MineView mine, SaltCmdShell cmdShell) {
        this.states = states;
        this.pillar = pillar;
        this.catalog = catalog;
        this.mine = mine == null ? MineView.EMPTY : mine;
        this.cmdShell = cmdShell;
    }

    /**
     * A compiler pinned to one snapshot of the state and pillar trees: for git, the refs are resolved to commits once,
     * here, so every document compiled with it (one job, many minions) comes from the same commits even if the branch
     * moves meanwhile. {@link #source()} is then the commit every such document records. Each file is read once per
     * snapshot ({@link CachedTree}), not once per minion; a folder tree is thereby pinned for the job too.
     */
    public StateCompiler snapshot() {
        return new StateCompiler(CachedTree.of(states), pillar == null ? null : CachedTree.of(pillar), catalog, mine, cmdShell);
    }

    /**
     * Where the state tree is read from: the 40-hex commit id for git, {@code dir:PATH} for a folder. For a git tree
     * that is not a {@link #snapshot()}, the commit the ref points at now.
     */
    public String source() {
        return states.snapshot().source();
    }

    /**
     * Compiles the state document for one minion. {@link StateDocument#source()} is the commit id (or
     * {@code dir:PATH}) the state tree was read at; every file of the document, {@code salt://} sources included, comes
     * from that one snapshot.
     *
     * @param sls the SLS names to apply, or an empty list for the highstate (everything top.sls selects)
     */
    public StateDocument compile(String minionId, Map<String, Object> grains, List<String> sls) {
        return compile(minionId, grains, sls, Map.of());
    }

    /**
     * As {@link #compile(String, Map, List)}, with {@code pillarOverride} deep-merged over the minion's compiled pillar
     * (Salt's {@code pillar=} on a state run): maps merge, anything else replaces. The override is plain data from the
     * request, so it cannot carry secrets ({@code !secret} only exists in the pillar tree).
     */
    public StateDocument compile(String minionId, Map<String, Object> grains, List<String> sls, Map<String, Object> pillarOverride) {
        return compile(minionId, grains, sls, pillarOverride, null);
    }

    /**
     * As {@link #compile(String, Map, List, Map)}; the functions templates call on the minion ({@code salt['user.info']})
     * are asked of it through {@code minion} (null: no minion to ask, such a call is an error).
     */
    public StateDocument compile(String minionId, Map<String, Object> grains, List<String> sls, Map<String, Object> pillarOverride,
                                 MinionAnswers.Asker minion) {
        return withMinion(minion, calls -> compileOnce(minionId, grains, sls, pillarOverride, calls));
    }

    /**
     * Renders until every call to the minion has its answer: a render meets calls (answered with placeholders), the
     * minion answers all of them in one round trip, the next render uses the answers — and may meet new calls an
     * answer led it to, hence a few rounds at most.
     */
    private static <T> T withMinion(MinionAnswers.Asker minion, java.util.function.Function<MinionCalls, T> render) {
        if (minion == null) return render.apply(null);
        MinionAnswers answers = new MinionAnswers();
        for (int round = 1; ; round++) {
            T out;
            try {
                out = render.apply(answers);
            } catch (CompileException e) {
                // a placeholder can lead a discovery render astray; only a render with every answer is judged
                if (!answers.hasPending()) throw e;
                out = null;
            }
            if (!answers.hasPending()) return out;
            List<MinionCalls.Call> calls = answers.takePending();
            if (round == MAX_MINION_ROUNDS) {
                throw new CompileException(REQUEST, "the templates still asked the minion new questions after " + MAX_MINION_ROUNDS
                        + " rounds (" + calls.get(0).describe() + (calls.size() > 1 ? " and " + (calls.size() - 1) + " more" : "") + ")");
            }
            try {
                answers.accept(calls, minion.ask(calls));
            } catch (IllegalStateException e) {
                throw new CompileException(REQUEST, "asking the minion for " + calls.get(0).describe()
                        + (calls.size() > 1 ? " and " + (calls.size() - 1) + " more" : "") + ": " + e.getMessage());
            }
        }
    }

    private static final int MAX_MINION_ROUNDS = 5;

    private StateDocument compileOnce(String minionId, Map<String, Object> grains, List<String> sls, Map<String, Object> pillarOverride,
                                      MinionCalls calls) {
        try {
            Run run = prepare(minionId, grains, pillarOverride, calls);
            SlsLoader loader = new SlsLoader(run.tree(), run.source());
            for (TopFile.Entry e : roots(run, minionId, sls)) loader.load(e.sls(), e.pos());

            StateTree tree = run.tree();
            DeclarationParser parser = new DeclarationParser(catalog, m -> tree.exists("_states/" + m + ".py"));
            List<DeclarationParser.Parsed> parsed = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (LoadedSls one : loader.loaded()) {
                parsed.add(parser.parse(one));
                names.add(one.name());
            }
            ArgCheck check = new ArgCheck(catalog.catalog());
            List<Resource> resources = new HighstateAssembler(run.secrets(),
                    List.of(check, new FileArgs(RENDERER, run.scope(), run.vars()), cmdShell, check.strip())).assemble(parsed, names);
            return new StateDocument(minionId, run.tree().source(), resources);
        } catch (TreePathException e) {
            throw new CompileException(REQUEST, e.getMessage());
        }
    }

    /**
     * Salt's view of the compile for one minion ({@code state.show_low_sls}): low chunks with their arguments as
     * rendered, and the text each {@code file.managed} with a template or source would receive. Functions and arguments
     * are not checked against the catalog here (Salt's show does not check them either); {@link #compile} does.
     */
    public SaltView saltView(String minionId, Map<String, Object> grains, List<String> sls) {
        return saltView(minionId, grains, sls, null);
    }

    /** As {@link #saltView(String, Map, List)}, asking {@code minion} what templates call on it. */
    public SaltView saltView(String minionId, Map<String, Object> grains, List<String> sls, MinionAnswers.Asker minion) {
        return withMinion(minion, calls -> saltViewOnce(minionId, grains, sls, calls));
    }

    private SaltView saltViewOnce(String minionId, Map<String, Object> grains, List<String> sls, MinionCalls calls) {
        try {
            Run run = prepare(minionId, grains, null, calls);
            SlsLoader loader = new SlsLoader(run.tree(), run.source());
            for (TopFile.Entry e : roots(run, minionId, sls)) loader.load(e.sls(), e.pos());
            DeclarationParser parser = new DeclarationParser(ANY_FUNCTION, m -> false);
            List<DeclarationParser.Parsed> parsed = new ArrayList<>();
            for (LoadedSls one : loader.loaded()) parsed.add(parser.parse(one));
            List<SaltLowData.SaltChunk> chunks = SaltLowData.of(parsed);
            FileArgs files = new FileArgs(RENDERER, run.scope(), run.vars());
            ArgCheck args = new ArgCheck(catalog.catalog());
            List<Map<String, Object>> low = new ArrayList<>();
            Map<Integer, Object> contents = new LinkedHashMap<>();
            List<ArgRewriter.Target> targets = chunks.stream().map(SaltLowData.SaltChunk::target).toList();
            files.prepare(targets);
            for (SaltLowData.SaltChunk c : chunks) {
                low.add(c.low());
                if ("file".equals(c.target().module()) && "managed".equals(c.target().function())
                        && c.target().args().keySet().stream().anyMatch(k -> k.equals("source") || k.startsWith("contents"))) {
                    try {
                        args.templateVariables(c.target());
                        files.rewrite(c.target());
                    } catch (CompileException e) {
                        // Salt fails that one state when it applies, and shows the rest: so does its view here
                        contents.put(low.size() - 1, new RenderFailure(e.getMessage()));
                        continue;
                    }
                    Object text = c.target().args().get("contents");
                    if (text instanceof ArgRewriter.Verbatim v) text = v.value();
                    contents.put(low.size() - 1, fileText(run.secrets().reveal(text), c.target().args().get("contents_newline")));
                }
            }
            return new SaltView(low, contents);
        } catch (TreePathException e) {
            throw new CompileException(REQUEST, e.getMessage());
        }
    }

    /** The text file.managed writes for {@code contents}: lines joined, and a final newline unless contents_newline is false. */
    private static Object fileText(Object contents, Object newline) {
        if (contents instanceof List<?> lines) contents = String.join("\n", lines.stream().map(String::valueOf).toList());
        if (contents instanceof String text && !Boolean.FALSE.equals(newline) && !text.isEmpty() && !text.endsWith("\n")) return text + "\n";
        return contents;
    }

    /**
     * @param low      Salt's low chunks, in Salt's order
     * @param contents chunk index → the text its {@code file.managed} writes (rendered template or source), or a
     *                 {@link RenderFailure}
     */
    public record SaltView(List<Map<String, Object>> low, Map<Integer, Object> contents) {
    }

    /** In {@link SaltView#contents()}: the file's template or source failed to render, with the error jsalt gives. */
    public record RenderFailure(String message) {
    }

    /** Every function exists: Salt's show renders without checking them. */
    private static final FunctionCatalog ANY_FUNCTION = new FunctionCatalog() {
        @Override
        public boolean exists(String module, String function) {
            return true;
        }

        @Override
        public Map<String, Set<String>> all() {
            return Map.of();
        }

        @Override
        public dev.jsalt.common.catalog.Catalog catalog() {
            return dev.jsalt.common.catalog.Catalog.standard();
        }
    };

    /** The minion's pillar, secrets as {@code {"$secret": "<plaintext>"}} maps. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> pillarFor(String minionId, Map<String, Object> grains) {
        Secrets secrets = new Secrets();
        Map<String, Object> data = PILLAR.compile(pillarTree(), minionId, withId(minionId, grains), secrets, mine);
        return (Map<String, Object>) secrets.reveal(data);
    }

    /** The SLS names the highstate of this minion applies, in top-file order. */
    public List<String> topFor(String minionId, Map<String, Object> grains) {
        return roots(prepare(minionId, grains, null), minionId, List.of()).stream().map(TopFile.Entry::sls).toList();
    }

    /** What one minion's compile renders with: one tree snapshot, its pillar (secrets tracked) and the SLS variables. */
    private record Run(StateTree tree, Map<String, Object> grains, Secrets secrets, RenderScope scope, Map<String, Object> vars, SlsSource source) {
    }

    private Run prepare(String minionId, Map<String, Object> grains, Map<String, Object> pillarOverride) {
        return prepare(minionId, grains, pillarOverride, null);
    }

    private Run prepare(String minionId, Map<String, Object> grains, Map<String, Object> pillarOverride, MinionCalls calls) {
        StateTree tree = states.snapshot();
        Map<String, Object> g = withId(minionId, grains);
        Secrets secrets = new Secrets();
        Map<String, Object> pillarData = PILLAR.compile(pillarTree(), minionId, g, secrets, mine);
        if (pillarOverride != null && !pillarOverride.isEmpty()) pillarData = DeepMerge.merge(pillarData, pillarOverride);
        RenderScope scope = calls == null ? new RenderScope(tree, secrets, mine) : new RenderScope(tree, secrets, mine, calls);
        Map<String, Object> vars = SlsSource.baseVars(minionId, g, pillarData);
        return new Run(tree, g, secrets, scope, vars, new SlsSource(RENDERER, scope, vars));
    }

    private List<TopFile.Entry> roots(Run run, String minionId, List<String> sls) {
        if (sls != null && !sls.isEmpty()) {
            List<TopFile.Entry> out = new ArrayList<>();
            for (String s : sls) {
                if (!SlsNames.valid(s)) throw new CompileException(REQUEST, "'" + s + "' is not a valid SLS name");
                out.add(new TopFile.Entry(s, REQUEST));
            }
            return out;
        }
        StateTree tree = run.tree();
        if (!tree.exists("top.sls")) throw new CompileException("top.sls", 0, 0, "no top file in the state tree (" + tree.source() + ")");
        List<TopFile.Entry> selected = TopFile.parse(run.source().load("top", "top.sls")).select(minionId, run.grains());
        if (selected.isEmpty()) throw new CompileException("top.sls", 0, 0, "no entry of the top file matches minion '" + minionId + "'");
        return selected;
    }

    private StateTree pillarTree() {
        return pillar == null ? null : pillar.snapshot();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withId(String minionId, Map<String, Object> grains) {
        // A deep copy: templates may change grains (as in Salt), and the registry shares grain values between minions.
        Map<String, Object> g = grains == null ? new LinkedHashMap<>()
                : (Map<String, Object>) dev.jsalt.master.compile.salt.SaltModules.deepCopy(grains);
        g.putIfAbsent("id", minionId);
        return g;
    }
}
