package dev.jsalt.master.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.json.Json;
import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.FunctionCatalog;
import dev.jsalt.master.compile.MineView;
import dev.jsalt.master.compile.StateCompiler;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The formulas of {@code corpus/salt} (public saltstack-formulas with what Salt 3006.1 compiled and rendered for them)
 * compile with jsalt to the same state data: the same low chunks (IDs, states, functions, names, arguments as
 * rendered, requisites as written, order) in Salt's order, and the same text for every file Salt rendered. A
 * difference is printed chunk by chunk and line by line.
 */
class SaltCorpusTest {
    static final Path CORPUS = Path.of("..", "corpus", "salt");

    @TestFactory
    Stream<DynamicTest> everyFormulaCompilesToWhatSaltCompiled() throws IOException {
        Map<String, Object> grains = grains();
        try (Stream<Path> dirs = Files.list(CORPUS)) {
            List<Path> formulas = dirs.filter(d -> Files.isDirectory(d.resolve("tree"))).sorted().toList();
            if (formulas.size() != 10) fail("expected the 10 formulas of corpus/salt, found " + formulas);
            System.out.println("Salt corpus: " + formulas.size() + " formulas");
            return formulas.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f, grains)));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> grains() throws IOException {
        return (Map<String, Object>) Json.mapper().readValue(CORPUS.resolve("grains.json").toFile(), Map.class).get("local");
    }

    static StateCompiler compiler(Path formula) {
        return new StateCompiler(new DirStateTree(formula.resolve("tree")), new DirStateTree(formula.resolve("pillar")),
                FunctionCatalog.standard(), MineView.EMPTY);
    }

    static List<String> list(JsonNode run, String key) {
        List<String> out = new ArrayList<>();
        run.get(key).forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void check(Path formula, Map<String, Object> grains) throws IOException {
        JsonNode run = Json.mapper().readTree(formula.resolve("expected/run.json").toFile());
        String id = run.get("minion_id").asText();
        List<String> problems = new ArrayList<>();
        StateCompiler compiler = compiler(formula);
        StateCompiler.SaltView view;
        try {
            view = compiler.saltView(id, grains, list(run, "sls_show"), LocalMinion.ASKER);
        } catch (CompileException e) {
            fail("jsalt does not compile " + formula.getFileName() + ": " + e.getMessage());
            return;
        }
        compareLow(Json.mapper().readTree(formula.resolve("expected/show_low_sls.json").toFile()).get("local"), view.low(), problems);
        compareFiles(formula, compiler, id, grains, run, problems);
        if (!problems.isEmpty()) {
            fail(formula.getFileName() + ": " + problems.size() + " difference(s) from Salt 3006.1\n" + String.join("\n", problems));
        }
    }

    private static void compareLow(JsonNode expected, List<Map<String, Object>> actual, List<String> problems) {
        List<JsonNode> salt = new ArrayList<>();
        expected.forEach(salt::add);
        int n = Math.max(salt.size(), actual.size());
        for (int i = 0; i < n; i++) {
            JsonNode s = i < salt.size() ? salt.get(i) : null;
            JsonNode j = i < actual.size() ? Json.mapper().valueToTree(actual.get(i)) : null;
            if (s == null) {
                problems.add("chunk " + i + ": jsalt has an extra chunk " + label(j));
            } else if (j == null) {
                problems.add("chunk " + i + ": jsalt lacks " + label(s));
            } else if (!s.equals(j)) {
                problems.add("chunk " + i + " " + label(s) + ":");
                TreeMap<String, String> keys = new TreeMap<>();
                s.fieldNames().forEachRemaining(k -> keys.put(k, ""));
                j.fieldNames().forEachRemaining(k -> keys.put(k, ""));
                for (String k : keys.keySet()) {
                    JsonNode a = s.get(k);
                    JsonNode b = j.get(k);
                    if (a == null || !a.equals(b)) {
                        problems.add("    " + k + ": salt " + (a == null ? "(absent)" : a) + "  jsalt " + (b == null ? "(absent)" : b));
                    }
                }
            }
        }
    }

    private static String label(JsonNode c) {
        return c.path("state").asText() + "." + c.path("fun").asText() + " '" + c.path("__id__").asText() + "' (name '"
                + c.path("name").asText() + "', order " + c.path("order") + ")";
    }

    private static void compareFiles(Path formula, StateCompiler compiler, String id, Map<String, Object> grains, JsonNode run,
                                     List<String> problems) throws IOException {
        JsonNode files = Json.mapper().readTree(formula.resolve("expected/files.json").toFile());
        StateCompiler.SaltView view;
        try {
            view = compiler.saltView(id, grains, list(run, "sls_apply"), LocalMinion.ASKER);
        } catch (CompileException e) {
            problems.add("the apply list " + list(run, "sls_apply") + " does not compile: " + e.getMessage());
            return;
        }
        for (Iterator<JsonNode> it = files.elements(); it.hasNext(); ) {
            JsonNode f = it.next();
            String target = f.path("target").asText();
            boolean rendered = "rendered".equals(f.path("status").asText());
            java.util.regex.Matcher saltLine = java.util.regex.Pattern.compile("SaltRenderError: .*; line (\\d+)").matcher(f.path("comment").asText());
            if (!rendered && !saltLine.find()) continue;
            String stateId = f.path("id").asText();
            Integer index = null;
            for (int i = 0; i < view.low().size(); i++) {
                Map<String, Object> c = view.low().get(i);
                if (stateId.equals(c.get("__id__")) && target.equals(c.get("name")) && view.contents().containsKey(i)) index = i;
            }
            if (index == null) {
                problems.add("file " + target + " (" + stateId + "): jsalt renders no contents for it");
                continue;
            }
            Object contents = view.contents().get(index);
            if (!rendered) {
                // Salt failed to render this file: jsalt must fail on it too, at the same template line
                String line = ":" + saltLine.group(1) + ":";
                if (!(contents instanceof StateCompiler.RenderFailure rf) || !rf.message().contains(line)) {
                    problems.add("file " + target + " (" + stateId + "): Salt failed to render it at line " + saltLine.group(1)
                            + ", jsalt gives " + contents);
                }
                continue;
            }
            if (contents instanceof StateCompiler.RenderFailure rf) {
                problems.add("file " + target + " (" + stateId + "): jsalt fails to render it: " + rf.message());
                continue;
            }
            String want = Files.readString(formula.resolve("expected").resolve(f.path("file").asText()), StandardCharsets.UTF_8);
            String got = String.valueOf(contents);
            if (!want.equals(got)) problems.add("file " + target + " (" + stateId + ") differs:\n" + TextDiff.unified(want, got));
        }
    }
}
