package dev.jsalt.master.orchestrate;

import dev.jsalt.master.compile.CompileException;
import dev.jsalt.master.compile.MineView;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runbook mistakes the parser catches at their line, before anything runs. */
class RunbookParserTest {
    private static Runbook parse(String text) {
        return new RunbookParser(MineView.EMPTY, dev.jsalt.common.catalog.Catalog.standard().executionFunctions()).parse("rb.sls", text, Map.of(), false);
    }

    private static String error(String text) {
        return assertThrows(CompileException.class, () -> parse(text)).getMessage();
    }

    private static String target(String tgtLines) {
        return parse("a:\n  salt.function:\n    - fun: test.ping\n" + tgtLines).steps().get(0).target();
    }

    @Test
    void targetTypesBecomeJsaltTargets() {
        assertEquals("web*", target("    - tgt: web*\n"));
        assertEquals("E@web\\d+", target("    - tgt: 'web\\d+'\n    - tgt_type: pcre\n"));
        assertEquals("L@a,b", target("    - tgt: [a, b]\n    - tgt_type: list\n"));
        assertEquals("role=db", target("    - tgt: role:db\n    - tgt_type: grain\n"));
    }

    @Test
    void saltSshIsRefusedSayingSo() {
        assertEquals("rb.sls:5:7: step 'a' (salt.state): ssh: salt-ssh is not supported by jsalt, which reaches machines only"
                        + " through their minion (bootstrap one with jsalt bootstrap)",
                error("a:\n  salt.state:\n    - tgt: '*'\n    - sls: x\n    - ssh: true\n"));
    }

    @Test
    void aBadTargetIsAnErrorAtItsLine() {
        assertEquals("rb.sls:4:7: step 'a' (salt.function): 'tgt' bad target 'role=db and': expected a target after 'and' at column 12",
                error("a:\n  salt.function:\n    - fun: test.ping\n    - tgt: 'role=db and'\n"));
        assertEquals("rb.sls:4:7: step 'a' (salt.function): 'tgt' bad target 'E@web[': bad regular expression: Unclosed character class at column 1",
                error("a:\n  salt.function:\n    - fun: test.ping\n    - tgt: 'web['\n    - tgt_type: pcre\n"));
    }

    @Test
    void importsInARunbookAreRefusedInOneLine() {
        assertEquals("rb.sls:1: Jinja error: cannot import 'x.yaml': only state and pillar files import from a tree",
                error("{% import_yaml 'x.yaml' as d %}\na:\n  salt.function:\n    - tgt: '*'\n    - fun: test.ping\n"));
        assertEquals("rb.sls:1: Jinja error: cannot import 'x.jinja': only state and pillar files import from a tree",
                error("{% include 'x.jinja' %}\na:\n  salt.function:\n    - tgt: '*'\n    - fun: test.ping\n"));
    }

    @Test
    void saltsCloudRunnerTakesItsOwnArgumentsAndAliases() {
        Step.RunCloud grow = (Step.RunCloud) parse("g:\n  salt.runner:\n    - name: cloud.profile\n    - profile: app\n    - names: web1,web2\n")
                .steps().get(0).action();
        assertEquals(new Step.RunCloud("cloud.profile", "app", java.util.List.of("web1", "web2")), grow);
        Step.RunCloud shrink = (Step.RunCloud) parse("s:\n  salt.runner:\n    name: cloud.destroy\n    instances: [web2]\n").steps().get(0).action();
        assertEquals(new Step.RunCloud("cloud.destroy", null, java.util.List.of("web2")), shrink);
        Step.RunCloud map = (Step.RunCloud) parse("m:\n  salt.runner:\n    - name: cloud.map_run\n    - map_data:\n"
                + "        app: [web1, web2]\n        db: db1\n").steps().get(0).action();
        assertEquals(new Step.RunCloud("cloud.map_run", null, java.util.List.of("web1", "web2", "db1"),
                java.util.Map.of("app", java.util.List.of("web1", "web2"), "db", java.util.List.of("db1")), null), map);
        Step.RunCloud file = (Step.RunCloud) parse("m:\n  salt.runner:\n    - name: cloud.map_run\n    - path: maps/fleet.yaml\n")
                .steps().get(0).action();
        assertEquals("maps/fleet.yaml", file.mapPath());
    }

    @Test
    void aMapRunsMistakeIsAnErrorAtItsLine() {
        String head = "m:\n  salt.runner:\n    - name: cloud.map_run\n";
        assertEquals("rb.sls:3:5: step 'm' (salt.runner): 'path' is required (or map_data): the map of profile -> machine names",
                error(head));
        assertEquals("rb.sls:4:7: step 'm' (salt.runner): 'map_data' names 'web1' twice",
                error(head + "    - map_data: {app: [web1], db: [web1]}\n"));
        assertEquals("rb.sls:4:7: step 'm' (salt.runner): 'map_data' 'a b' is not a valid machine name (letters, digits, '-' or '_', at most 63)",
                error(head + "    - map_data: {app: ['a b']}\n"));
        assertEquals("rb.sls:4:7: step 'm' (salt.runner): 'map_data' must be a map of profile -> machine names, e.g. {app: [app3, app4]}",
                error(head + "    - map_data: [web1]\n"));
        assertEquals("rb.sls:4:7: step 'm' (salt.runner): unknown argument 'prune' (known: failhard, map_data, name, onfail, path, require)",
                error(head + "    - prune: true\n    - path: f.yaml\n"));
    }

    @Test
    void aCloudStepsMistakeIsAnErrorAtItsLine() {
        String head = "g:\n  salt.runner:\n    - name: cloud.profile\n";
        assertEquals("rb.sls:3:5: step 'g' (salt.runner): 'name' is required: cloud.profile, cloud.destroy or cloud.map_run",
                error("g:\n  salt.runner:\n    - prof: app\n"));
        assertEquals("rb.sls:4:7: step 'g' (salt.runner): 'profile' is another name for 'prof': give one of them",
                error(head + "    - profile: app\n    - prof: app\n    - instances: [a]\n"));
        assertEquals("rb.sls:3:5: step 'g' (salt.runner): 'instances' is required: the machine names, a list or a,b",
                error(head + "    - prof: app\n"));
        assertEquals("rb.sls:5:7: step 'g' (salt.runner): 'instances' 'a b' is not a valid machine name (letters, digits, '-' or '_', at most 63)",
                error(head + "    - prof: app\n    - instances: [a b]\n"));
        assertEquals("rb.sls:5:7: step 'g' (salt.runner): unknown argument 'tgt' (known: failhard, instances, name, names, onfail, prof, profile, require)",
                error(head + "    - prof: app\n    - tgt: '*'\n    - instances: [a]\n"));
        assertEquals("rb.sls:5:7: step 'g' (salt.runner): unknown argument 'timeout' (known: failhard, instances, name, names, onfail, prof, profile, require)",
                error(head + "    - prof: app\n    - timeout: 60\n    - instances: [a]\n"));
        assertEquals("rb.sls:4:7: step 'g' (salt.runner): unknown argument 'prof' (known: failhard, instances, name, names, onfail, require)",
                error("g:\n  salt.runner:\n    - name: cloud.destroy\n    - prof: app\n    - instances: [a]\n"));
    }
}
