package dev.jsalt.master.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.compile.salt.MinionAnswers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Salt corpus ({@code corpus/salt}) as the tests of other modules use it (through the master's test jar): the
 * formulas, the grains of the machine Salt ran on, a compiler for a formula's tree and pillar, and this machine as the
 * minion that answers the templates' calls, as {@link SaltCorpusTest} and {@link CorpusCompileTest} use them.
 */
public final class Corpus {
    private Corpus() {
    }

    /** {@code corpus/salt}, relative to a module's directory (where Maven runs its tests). */
    public static Path dir() { return SaltCorpusTest.CORPUS; }

    public static Map<String, Object> grains() throws IOException { return SaltCorpusTest.grains(); }

    public static StateCompiler compiler(Path formula) { return SaltCorpusTest.compiler(formula); }

    /** As {@link #compiler}, with master.yaml's {@code cmd_run_shell: true}: cmd.run strings run through /bin/sh, as Salt runs them. */
    public static StateCompiler compilerWithSaltShell(Path formula) {
        return new StateCompiler(new dev.jsalt.master.statetree.DirStateTree(formula.resolve("tree")),
                new dev.jsalt.master.statetree.DirStateTree(formula.resolve("pillar")),
                dev.jsalt.master.compile.FunctionCatalog.standard(), dev.jsalt.master.compile.MineView.EMPTY, List.of("*"));
    }

    public static List<String> list(JsonNode run, String key) { return SaltCorpusTest.list(run, key); }

    public static MinionAnswers.Asker asker() { return LocalMinion.ASKER; }

    /** The formulas whose apply list does not compile for a jsalt minion, with the reason (CorpusCompileTest). */
    public static Map<String, String> knownCompileFailures() { return CorpusCompileTest.KNOWN_FAILURES; }
}
