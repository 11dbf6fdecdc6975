package dev.jsalt.e2e.states;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.e2e.junit.LabExtension;
import dev.jsalt.e2e.lab.ApplyResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15's corpus check: every public formula of {@code corpus/salt} that compiles for a jsalt minion applies in a
 * lab host with {@code --test} without an error Salt would not give. Each formula's apply list is compiled as Salt
 * compiled it (the corpus machine's grains, the formula's pillar) and run by a real minion in test mode; every state
 * Salt's own test run ({@code expected/test_apply.json}) has, jsalt runs too, and a state jsalt fails is one Salt failed
 * as well ({@code result: false}). Compiled with master.yaml's {@code cmd_run_shell: true}, as an operator bringing
 * Salt formulas sets it: users' cmd.run of {@code visudo ... || ( rm ...; exit 1 )} needs a shell, and without the
 * setting jsalt refuses a command string with shell operators (docs/states/cmd.md). Would-change or unchanged may differ from Salt's None/True: this machine's packages
 * and files are not the corpus machine's.
 */
class CorpusTestApplyLabTest {
    @RegisterExtension
    static final LabExtension LAB = LabExtension.fleet(b -> b.host("h1", 10, "corpus"));

    @TestFactory
    Stream<DynamicTest> everyCompilingFormulaAppliesInTestModeAsSaltDid() throws IOException {
        return CorpusFormulas.compiling().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path dir) throws IOException {
        CorpusFormulas.Formula formula = CorpusFormulas.compile(dir, true);
        JsonNode run = formula.run();
        JsonNode salt = formula.saltTestApply();
        ApplyResult r = LAB.apply("h1", formula.doc(), true);
        Map<String, StateResult> ours = new TreeMap<>();
        for (StateResult s : r.results()) ours.put(s.key(), s);
        List<String> problems = new ArrayList<>();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (StateResult s : r.results()) counts.merge(s.outcome(), 1, Integer::sum);
        for (var it = salt.fields(); it.hasNext(); ) {
            var e = it.next();
            StateResult s = ours.get(e.getKey());
            boolean saltFailed = e.getValue().path("result").isBoolean() && !e.getValue().path("result").asBoolean();
            if (s == null) {
                problems.add(e.getKey() + ": Salt ran it, jsalt did not");
            } else if (s.outcome() == Outcome.FAILED && !saltFailed) {
                problems.add(e.getKey() + ": jsalt failed it (" + s.comment() + "), Salt did not (" + e.getValue().path("comment").asText() + ")");
            }
        }
        for (String key : ours.keySet()) if (!salt.has(key)) problems.add(key + ": jsalt ran it, Salt did not");
        System.out.printf("corpus %s: %d states in test mode; jsalt %s; Salt %s%n", formula.name(), r.results().size(), counts,
                run.get("test_apply_result_counts"));
        assertTrue(problems.isEmpty(), formula.name() + ":\n  " + String.join("\n  ", problems) + "\n" + r.stderr());
    }
}
