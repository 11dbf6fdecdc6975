package dev.jsalt.e2e.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.corpus.Corpus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The formulas of {@code corpus/salt} that compile for a jsalt minion, each compiled as Salt compiled it (the corpus
 * machine's grains, the formula's pillar, its {@code sls_apply} list): what the corpus lab tests apply, in test mode
 * ({@link CorpusTestApplyLabTest}) and for real ({@link CorpusApplyLabTest}).
 */
final class CorpusFormulas {
    private CorpusFormulas() {
    }

    /**
     * One compiled formula.
     *
     * @param dir  {@code corpus/salt/NAME}
     * @param run  its {@code expected/run.json}
     * @param doc  its apply list, compiled
     */
    record Formula(Path dir, JsonNode run, StateDocument doc) {
        String name() { return dir.getFileName().toString(); }

        /** Salt's own {@code state.apply ... test=True} results, keyed {@code STATE_|-ID_|-NAME_|-FUNCTION}. */
        JsonNode saltTestApply() throws IOException {
            return Json.mapper().readTree(dir.resolve("expected/test_apply.json").toFile()).get("local");
        }
    }

    /** The formula directories whose apply list compiles for a jsalt minion, sorted by name (9 of the 10). */
    static List<Path> compiling() throws IOException {
        List<Path> formulas;
        try (Stream<Path> dirs = Files.list(Corpus.dir())) {
            formulas = dirs.filter(d -> Files.isDirectory(d.resolve("tree")))
                    .filter(d -> !Corpus.knownCompileFailures().containsKey(d.getFileName().toString())).sorted().toList();
        }
        assertEquals(9, formulas.size(), "the corpus formulas that compile for a jsalt minion: " + formulas);
        return formulas;
    }

    /** Compiles {@code dir}'s apply list for the corpus machine's minion id and grains. */
    static Formula compile(Path dir) throws IOException {
        return compile(dir, false);
    }

    /** As {@link #compile(Path)}; {@code saltShell}: with master.yaml's {@code cmd_run_shell: true}. */
    static Formula compile(Path dir, boolean saltShell) throws IOException {
        JsonNode run = Json.mapper().readTree(dir.resolve("expected/run.json").toFile());
        StateDocument doc = (saltShell ? Corpus.compilerWithSaltShell(dir) : Corpus.compiler(dir)).compile(run.get("minion_id").asText(),
                grains(), Corpus.list(run, "sls_apply"), Map.of(), Corpus.asker());
        return new Formula(dir, run, doc);
    }

    private static Map<String, Object> grains;

    private static synchronized Map<String, Object> grains() throws IOException {
        if (grains == null) grains = Corpus.grains();
        return grains;
    }
}
