package dev.jsalt.master.compile.sls;

import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.SlsYaml;
import dev.jsalt.master.statetree.StateTree;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads the SLS files a run needs, following {@code include:}. The result is in declaration order: an included SLS
 * comes before the file that includes it (Salt's state_auto_order), each SLS once even when included twice. An SLS
 * that includes one it is included by (a cycle through other files) gets it as Salt does: already being loaded, it is
 * not loaded again. An SLS that includes itself is an error.
 */
public final class SlsLoader {
    private final StateTree tree;
    private final SlsSource source;
    private final Set<String> visited = new HashSet<>();
    private final List<LoadedSls> loaded = new ArrayList<>();
    /** The chain of SLS being loaded right now, outermost first: an include of one of them closes a cycle. */
    private final java.util.LinkedHashSet<String> loading = new java.util.LinkedHashSet<>();
    /** Deepest chain of includes followed (each level is a file open at once). */
    public static final int MAX_INCLUDE_DEPTH = 64;

    public SlsLoader(StateTree tree, SlsSource source) {
        this.tree = tree;
        this.source = source;
    }

    /** Loads {@code sls} (and its includes) unless already loaded; {@code origin} is where it was asked for. */
    public void load(String sls, SourcePos origin) {
        dev.jsalt.master.compile.CompileControl.current().check();
        if (loading.contains(sls)) {
            List<String> chain = new ArrayList<>(loading);
            // An SLS including itself has no purpose and is refused. Through other files it is Salt's idiom
            // (users-formula: users <-> users.user_files): Salt skips an SLS it is already rendering, and so do we.
            if (chain.get(chain.size() - 1).equals(sls)) throw new CompileException(origin, "include cycle: " + sls + " -> " + sls);
            return;
        }
        if (!visited.add(sls)) return;
        if (loading.size() >= MAX_INCLUDE_DEPTH) {
            throw new CompileException(origin, "includes nested more than " + MAX_INCLUDE_DEPTH + " deep (including '" + sls + "')");
        }
        loading.add(sls);
        try {
            loadNew(sls, origin);
        } finally {
            loading.remove(sls);
        }
    }

    private void loadNew(String sls, SourcePos origin) {
        if (!SlsNames.valid(sls)) throw new CompileException(origin, "'" + sls + "' is not a valid SLS name");
        String file = SlsNames.files(sls).stream().filter(tree::exists).findFirst()
                .orElseThrow(() -> new CompileException(origin, "SLS '" + sls + "' not found (looked for "
                        + String.join(" and ", SlsNames.files(sls)) + ")"));
        LoadedSls one = source.load(sls, file);
        if (one.root() != null) {
            for (NodeTuple t : one.yaml().entries(one.root())) {
                if ("include".equals(scalarOrNull(t.getKeyNode()))) includes(one, t.getValueNode());
            }
        }
        loaded.add(one);
    }

    /** Every SLS loaded so far, includes first (a read-only view: the pillar compiler asks after every top entry). */
    public List<LoadedSls> loaded() {
        return Collections.unmodifiableList(loaded);
    }

    private void includes(LoadedSls from, Node value) {
        SlsYaml y = from.yaml();
        if (SlsYaml.isNull(value)) return;
        if (!(value instanceof SequenceNode seq)) throw y.pos(value).error("include: must be a list of SLS names");
        for (Node item : seq.getValue()) {
            if (!(item instanceof org.yaml.snakeyaml.nodes.ScalarNode)) {
                throw y.pos(item).error("include entries must be SLS names (include with defaults/key is not supported)");
            }
            String ref = y.scalar(item, "an include");
            String target = SlsNames.resolve(from.name(), from.file(), ref);
            if (target == null) throw y.pos(item).error("relative include '" + ref + "' climbs above the state tree root");
            load(target, y.pos(item));
        }
    }

    private static String scalarOrNull(Node n) {
        return n instanceof org.yaml.snakeyaml.nodes.ScalarNode s ? s.getValue() : null;
    }
}
