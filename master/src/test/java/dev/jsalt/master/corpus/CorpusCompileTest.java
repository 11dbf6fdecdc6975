package dev.jsalt.master.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.compile.CompileException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every formula of {@code corpus/salt} compiles its apply list (run.json's {@code sls_apply}, what Salt applied) into
 * a state document jsalt's minion can run, not only the show list {@link SaltCorpusTest} compares: every state function
 * used is implemented. One known exception, held to its exact error so that any other failure shows: openssh's
 * ssh_known_hosts template calls {@code salt['dig.A']}, which failed in Salt too (the corpus's
 * {@code expected/salt-error.txt}: Salt's dig module was not loaded on the test machine).
 */
class CorpusCompileTest {
    static final Map<String, String> KNOWN_FAILURES = Map.of(
            "openssh", "openssh/files/default/ssh_known_hosts:74: Jinja error: salt['dig.A'] failed on the minion: 'dig.A' is not available.");

    @TestFactory
    Stream<DynamicTest> everyFormulaCompilesItsApplyList() throws IOException {
        Map<String, Object> grains = SaltCorpusTest.grains();
        List<Path> formulas;
        try (Stream<Path> dirs = Files.list(SaltCorpusTest.CORPUS)) {
            formulas = dirs.filter(d -> Files.isDirectory(d.resolve("tree"))).sorted().toList();
        }
        assertEquals(10, formulas.size(), "expected the 10 formulas of corpus/salt, found " + formulas);
        return formulas.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            JsonNode run = Json.mapper().readTree(f.resolve("expected/run.json").toFile());
            String name = f.getFileName().toString();
            String id = run.get("minion_id").asText();
            List<String> sls = SaltCorpusTest.list(run, "sls_apply");
            String known = KNOWN_FAILURES.get(name);
            if (known == null) {
                StateDocument doc = SaltCorpusTest.compiler(f).compile(id, grains, sls, Map.of(), LocalMinion.ASKER);
                assertFalse(doc.resources().isEmpty(), name + " compiles to no resources");
            } else {
                CompileException e = assertThrows(CompileException.class,
                        () -> SaltCorpusTest.compiler(f).compile(id, grains, sls, Map.of(), LocalMinion.ASKER));
                assertTrue(e.getMessage().startsWith(known), name + ": " + e.getMessage());
            }
        }));
    }
}
