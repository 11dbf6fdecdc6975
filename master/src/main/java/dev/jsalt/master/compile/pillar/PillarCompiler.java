package dev.jsalt.master.compile.pillar;

import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.DeepMerge;
import dev.jsalt.master.compile.render.JinjaRenderer;
import dev.jsalt.master.compile.render.RenderScope;
import dev.jsalt.master.compile.render.Secrets;
import dev.jsalt.master.compile.sls.LoadedSls;
import dev.jsalt.master.compile.sls.SlsLoader;
import dev.jsalt.master.compile.sls.SlsSource;
import dev.jsalt.master.compile.sls.TopFile;
import dev.jsalt.master.statetree.StateTree;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles the pillar of one minion: the pillar tree's {@code top.sls} selects SLS files by the minion's id and
 * grains; each is rendered ({@code jinja|yaml}, with {@code grains} and the {@code pillar} merged so far) and
 * deep-merged in top-file order, includes before the file that includes them (later values win; dicts merge, lists
 * are replaced). Values tagged {@code !secret} are secret tokens ({@link Secrets#mark}).
 *
 * <p>Errors name their file {@code pillar:PATH} ({@code pillar:top.sls:3:7: ...}): both trees have a {@code top.sls},
 * and often an {@code app/init.sls}, so a bare path would not say which tree to fix.
 */
public final class PillarCompiler {
    private static final String FILE_PREFIX = "pillar:";

    private final JinjaRenderer renderer;

    public PillarCompiler(JinjaRenderer renderer) {
        this.renderer = renderer;
    }

    /** The pillar for a minion; empty when there is no pillar tree or it has no top file. */
    public Map<String, Object> compile(StateTree tree, String minionId, Map<String, Object> grains, Secrets secrets, MineView mine) {
        try {
            return compileTree(tree, minionId, grains, secrets, mine);
        } catch (CompileException e) {
            throw new CompileException(FILE_PREFIX + e.file(), e.line(), e.column(), e.problem(), e);
        }
    }

    private Map<String, Object> compileTree(StateTree tree, String minionId, Map<String, Object> grains, Secrets secrets, MineView mine) {
        Map<String, Object> pillar = new LinkedHashMap<>();
        if (tree == null || !tree.exists("top.sls")) return pillar;
        RenderScope scope = new RenderScope(tree, secrets, mine);
        // Shared and updated between top entries, so each SLS sees the pillar compiled before it.
        Map<String, Object> vars = SlsSource.baseVars(minionId, grains, Map.of());
        SlsSource source = new SlsSource(renderer, scope, vars);
        TopFile top = TopFile.parse(source.load("top", "top.sls"));
        SlsLoader loader = new SlsLoader(tree, source);
        for (TopFile.Entry entry : top.select(minionId, grains)) {
            int before = loader.loaded().size();
            vars.put("pillar", pillar);
            loader.load(entry.sls(), entry.pos());
            List<LoadedSls> fresh = loader.loaded().subList(before, loader.loaded().size());
            for (LoadedSls sls : fresh) pillar = DeepMerge.merge(pillar, data(sls));
        }
        return pillar;
    }

    private static Map<?, ?> data(LoadedSls sls) {
        if (sls.root() == null) return Map.of();
        Object value = sls.yaml().value(sls.root());
        if (!(value instanceof Map<?, ?> map)) {
            throw new CompileException(new SourcePos(sls.file(), 1, 1), "a pillar SLS must be a mapping");
        }
        Map<Object, Object> copy = new LinkedHashMap<>(map);
        copy.remove("include");
        return copy;
    }
}
