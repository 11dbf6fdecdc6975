package dev.jsalt.master.orchestrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.keys.KeyState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** salt.wheel key steps: a runbook forgets decommissioned servers as 'jsalt keys delete' would, and nothing more. */
class KeyStepTest {
    private LoopbackFleet fleet;

    @BeforeEach
    void up() throws Exception {
        fleet = new LoopbackFleet();
        fleet.start("old1:app", "old2:db", "new1:app");
    }

    @AfterEach
    void down() throws Exception {
        fleet.close();
    }

    private OrchestrateEvent.RunFinished run(String book, boolean test) throws Exception {
        return fleet.orchestrator().run(new Orchestrator.Request("decommission.sls", book, test, Map.of(), "test"), e -> { });
    }

    private static final String FORGET_OLD = String.join("\n",
            "forget-old:",
            "  salt.wheel:",
            "    - name: key.delete",
            "    - match: [old1, old2]",
            "still-there:",
            "  salt.function:",
            "    - name: test.ping",
            "    - tgt: '*'",
            "    - require: [forget-old]",
            "");

    @Test
    void keyDeleteForgetsTheMatchedMinionsOnlyAndCanRunAgain() throws Exception {
        assertTrue(run(FORGET_OLD, true).success());
        assertTrue(fleet.master.keys().byId("old1").isPresent(), "test mode deletes nothing");

        OrchestrateEvent.RunFinished done = run(FORGET_OLD, false);
        assertTrue(done.success(), done.comment());
        assertTrue(fleet.master.keys().byId("old1").isEmpty());
        assertTrue(fleet.master.keys().byId("old2").isEmpty());
        assertEquals(KeyState.ACCEPTED, fleet.master.keys().byId("new1").orElseThrow().state());
        assertFalse(fleet.master.registry().connected("old1"), "cut off at once");
        // The ping after it reached only the minion left.
        StepOutcome.Succeeded ping = (StepOutcome.Succeeded) done.steps().get(1);
        assertTrue(ping.comment().startsWith("1 minion(s) succeeded"), ping.comment());

        OrchestrateEvent.RunFinished again = run(FORGET_OLD, false);
        assertTrue(again.success(), "a phase can be run again: " + again.comment());
        assertTrue(again.steps().get(0).toString().contains("nothing deleted"), again.steps().get(0).toString());
    }

    @Test
    void keyRejectAndAMatchOfTheWholeFleetIsRefused() throws Exception {
        OrchestrateEvent.RunFinished all = run("everyone:\n  salt.wheel:\n    - name: key.delete\n    - match: '*'\n", false);
        assertFalse(all.success());
        assertTrue(all.comment().contains("refusing to cut the whole fleet off"), all.comment());
        assertEquals(3, fleet.master.keys().list().size());

        assertTrue(run("reject:\n  salt.wheel:\n    - name: key.reject\n    - match: old*\n", false).success());
        assertEquals(KeyState.REJECTED, fleet.master.keys().byId("old1").orElseThrow().state());
        assertEquals(KeyState.REJECTED, fleet.master.keys().byId("old2").orElseThrow().state());
        assertEquals(KeyState.ACCEPTED, fleet.master.keys().byId("new1").orElseThrow().state());
    }

    @Test
    void badWheelStepsAreRefusedWithTheLine() {
        Orchestrator o = fleet.orchestrator();
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[]{"a:\n  salt.wheel:\n    - name: key.accept\n    - match: x\n", "not a wheel function jsalt offers"});
        cases.add(new String[]{"a:\n  salt.wheel:\n    - name: key.delete\n", "'match' is required"});
        cases.add(new String[]{"a:\n  salt.wheel:\n    - name: key.delete\n    - match: x\n    - tgt: x\n", "unknown argument 'tgt'"});
        for (String[] c : cases) {
            CompileException e = assertThrows(CompileException.class, () -> o.check(new Orchestrator.Request("m.sls", c[0], false, null, null)));
            assertTrue(e.getMessage().startsWith("m.sls:"), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
