package dev.jsalt.master.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order states run in, against Salt's own: each corpus formula's apply list compiled for a jsalt minion runs its
 * states in the order Salt 3006.1 ran them ({@code __run_num__} in {@code expected/test_apply.json}). Salt runs states
 * in declaration order and pulls a state's unmet requisites in first; a plain topological sort differs from that
 * where a state that only requires an early one is declared after one whose requisites pull later states forward
 * (postfix: a restart watching the package ran before the configuration files the service's watch_in pulled in).
 */
class SaltRunOrderTest {

    @TestFactory
    Stream<DynamicTest> everyCompilingFormulaRunsItsStatesInSaltsOrder() throws IOException {
        List<Path> formulas;
        try (Stream<Path> dirs = Files.list(Corpus.dir())) {
            formulas = dirs.filter(d -> Files.isDirectory(d.resolve("tree")))
                    .filter(d -> !Corpus.knownCompileFailures().containsKey(d.getFileName().toString())).sorted().toList();
        }
        assertEquals(9, formulas.size(), "the corpus formulas that compile for a jsalt minion: " + formulas);
        return formulas.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path formula) throws IOException {
        JsonNode run = Json.mapper().readTree(formula.resolve("expected/run.json").toFile());
        StateDocument doc = Corpus.compiler(formula).compile(run.get("minion_id").asText(), Corpus.grains(),
                Corpus.list(run, "sls_apply"), Map.of(), Corpus.asker());
        JsonNode salt = Json.mapper().readTree(formula.resolve("expected/test_apply.json").toFile()).get("local");
        List<String> saltOrder = new ArrayList<>();
        salt.fieldNames().forEachRemaining(saltOrder::add);
        saltOrder.sort(Comparator.comparingInt(k -> salt.get(k).path("__run_num__").asInt()));
        List<String> ours = doc.resources().stream().map(Resource::key).toList();
        Set<String> both = ours.stream().filter(salt::has).collect(Collectors.toSet());
        assertTrue(both.size() >= Math.min(ours.size(), saltOrder.size()) - 1, formula.getFileName()
                + ": the runs share too few states to compare: " + both.size() + " of " + ours.size());
        assertEquals(saltOrder.stream().filter(both::contains).toList(), ours.stream().filter(both::contains).toList(),
                formula.getFileName() + ": the order states run in");
    }
}
