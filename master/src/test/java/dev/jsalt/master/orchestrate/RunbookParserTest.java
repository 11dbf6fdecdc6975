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
}
