package dev.jsalt.master.compile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed input gives one line: file:line:col: what is wrong. */
class CompileErrorsTest {
    @TempDir
    Path dir;

    private String error(String sls, String... files) {
        Fixtures.write(dir, files);
        CompileException e = assertThrows(CompileException.class,
                () -> Fixtures.compiler(dir).compile("web1", Map.of("role", "web"), sls == null ? List.of() : List.of(sls)));
        return e.getMessage();
    }

    @Test
    void unknownStateFunctionListsTheModulesFunctions() {
        assertEquals("firewall/init.sls:12:7: unknown state function 'ufw.rulez' (did you mean 'ufw.rule'? known: ufw.default, ufw.enabled, ufw.logging, ufw.rule)",
                error("firewall", "firewall/init.sls", """
                        # Firewall for every server.
                        ufw:
                          pkg.installed: []

                        ufw-enabled:
                          ufw.enabled:
                            - require:
                              - pkg: ufw

                        allow-ssh:
                          ufw:
                            - rulez
                            - port: 22
                        """));
    }

    @Test
    void unknownStateFunctionInShortForm() {
        assertEquals("a.sls:3:3: unknown state function 'pkg.instaled' (did you mean 'pkg.installed'? known: pkg.installed, pkg.latest, pkg.purged, pkg.removed)",
                error("a", "a.sls", "x:\n  file.managed: []\n  pkg.instaled: []\n"));
    }

    @Test
    void unknownStateModuleListsTheModules() {
        assertEquals("a.sls:2:3: unknown state module 'ufx' (did you mean 'ufw'? known modules: cmd, file, group, pkg, service, ufw, user)",
                error("a", "a.sls", "x:\n  ufx.rule: []\n"));
    }

    @Test
    void undefinedPillarKeyNamesTheExpressionAndLine() {
        assertEquals("a.sls:3: Jinja error: 'dict object' has no attribute 'mysql' in '- contents: {{ pillar['mysql']['pasword'] }}'",
                error("a", "a.sls", "x:\n  file.managed:\n    - contents: {{ pillar['mysql']['pasword'] }}\n"));
    }

    @Test
    void undefinedVariable() {
        assertEquals("a.sls:3: Jinja error: 'nope' is undefined in '- contents: {{ nope }}'",
                error("a", "a.sls", "x:\n  file.managed:\n    - contents: {{ nope }}\n"));
    }

    @Test
    void aRunawayJinjaLoopIsStoppedByTheEnginesIterationBound() {
        String e = error("a", "a.sls", "x:\n  cmd.run:\n    - name: 'true'\n"
                + "{%- for i in range(100000) %}{%- for j in range(100000) %}{%- endfor %}{%- endfor %}\n");
        assertTrue(e.startsWith("a.sls:4: Jinja error: limit exceeded: max loop iterations (1000000)"), e);
    }

    @Test
    void jinjaSyntaxError() {
        assertEquals("a.sls:3: Jinja error: unexpected 'end of print statement'",
                error("a", "a.sls", "x:\n  file.managed:\n    - contents: {{ 1 + }}\n"));
    }

    @Test
    void yamlSyntaxError() {
        assertEquals("a.sls:4:11: YAML error: expected ',' or ']', but got : (while parsing a flow sequence)",
                error("a", "a.sls", "x:\n  file.managed:\n    - contents: [a\n    - mode: 1\n"));
    }

    @Test
    void yamlErrorAfterJinjaQuotesTheRenderedLine() {
        assertEquals("a.sls:3:18: YAML error: mapping values are not allowed here in rendered line '- contents: a: b'",
                error("a", "a.sls", "x:\n  file.managed:\n    - contents: {{ 'a: b' }}\n"));
    }

    @Test
    void requisiteOnMissingState() {
        assertEquals("a.sls:4:9: requisite 'require: pkg: nginx' of service.running 'x' matches no pkg state with ID or name 'nginx'",
                error("a", "a.sls", "x:\n  service.running:\n    - require:\n      - pkg: nginx\n"));
    }

    @Test
    void requisiteWithWrongModuleSaysWhichModulesHaveThatId() {
        assertEquals("a.sls:6:9: requisite 'watch: file: nginx' of service.running 'x' matches no file state with ID or name 'nginx'"
                        + " (there is 'nginx' for: pkg)",
                error("a", "a.sls", "nginx:\n  pkg.installed: []\nx:\n  service.running:\n    - watch:\n      - file: nginx\n"));
    }

    @Test
    void requisiteOnSlsOutsideTheRun() {
        assertEquals("a.sls:4:9: requisite 'require: sls: other' of service.running 'x' names SLS 'other', which is not part of this run (include it)",
                error("a", "a.sls", "x:\n  service.running:\n    - require:\n      - sls: other\n"));
    }

    @Test
    void bareRequisiteMatchingNothing() {
        assertEquals("a.sls:4:9: requisite 'require: nothing' of service.running 'x' matches no state ID or name in this run",
                error("a", "a.sls", "x:\n  service.running:\n    - require:\n      - nothing\n"));
    }

    @Test
    void requisiteCycleIsSpelledOut() {
        assertEquals("a.sls:1:1: requisite cycle: cmd.run 'a' (a.sls:1) -> cmd.run 'b' (a.sls:5) -> cmd.run 'c' (a.sls:9) -> cmd.run 'a'",
                error("a", "a.sls", """
                        a:
                          cmd.run:
                            - require:
                              - cmd: b
                        b:
                          cmd.run:
                            - require:
                              - cmd: c
                        c:
                          cmd.run:
                            - require_in:
                              - cmd: b
                            - watch:
                              - cmd: a
                        """.replace("    - require_in:\n      - cmd: b\n", "")));
    }

    @Test
    void duplicateIdAcrossFilesNamesBoth() {
        assertEquals("a.sls:3:1: ID 'x' is declared twice: in b.sls:2 and in a.sls:3 (IDs must be unique across all SLS files of a run)",
                error("a", "a.sls", "include:\n  - b\nx:\n  cmd.run: []\n", "b.sls", "\nx:\n  pkg.installed: []\n"));
    }

    @Test
    void duplicateIdInOneFile() {
        assertEquals("a.sls:3:1: duplicate key 'x'", error("a", "a.sls", "x:\n  cmd.run: []\nx:\n  pkg.installed: []\n"));
    }

    @Test
    void missingInclude() {
        assertEquals("a.sls:2:5: SLS 'missing' not found (looked for missing.sls and missing/init.sls)",
                error("a", "a.sls", "include:\n  - .missing\nx:\n  cmd.run: []\n"));
    }

    @Test
    void missingRequestedSls() {
        assertEquals("<request>: SLS 'nothere' not found (looked for nothere.sls and nothere/init.sls)", error("nothere", "a.sls", ""));
    }

    @Test
    void badSlsName() {
        assertEquals("<request>: 'a/b' is not a valid SLS name", error("a/b", "a.sls", ""));
    }

    @Test
    void badTargetInTopFile() {
        assertEquals("top.sls:2:16: bad target 'role=web and': expected a target after 'and' at column 13",
                error(null, "top.sls", "base:\n  'role=web and':\n    - a\n"));
    }

    @Test
    void unsupportedTopMatchType() {
        assertEquals("top.sls:2:4: match type 'pillar' is not supported (glob, grain, list, pcre, compound)",
                error(null, "top.sls", "base:\n  'role:web':\n    - match: pillar\n    - a\n"));
    }

    @Test
    void topFileMatchingNothing() {
        assertEquals("top.sls: no entry of the top file matches minion 'web1'", error(null, "top.sls", "base:\n  'db*':\n    - a\n"));
    }

    @Test
    void includeEscapingTheTreeIsRefused() {
        assertEquals("a.sls:1: Jinja error: bad state tree path '../../etc/passwd': climbs above the state tree root",
                error("a", "a.sls", "{% include '../../etc/passwd' %}\n"));
        assertEquals("a.sls:1: Jinja error: bad state tree path '/etc/passwd': absolute paths are not allowed",
                error("a", "a.sls", "{% include '/etc/passwd' %}\n"));
    }

    @Test
    void missingImport() {
        assertEquals("a.sls:1: Jinja error: template 'nope/map.jinja' not found in the state tree",
                error("a", "a.sls", "{% from 'nope/map.jinja' import x with context %}\n"));
    }

    @Test
    void unsupportedRequisite() {
        assertEquals("a.sls:3:7: onfail_stop is not supported by jsalt",
                error("a", "a.sls", "x:\n  service.running:\n    - onfail_stop:\n      - file: y\n"));
    }

    @Test
    void argumentsMustBeAList() {
        assertEquals("a.sls:3:5: the arguments of 'service.running' must be a list ('- key: value' lines), found a mapping",
                error("a", "a.sls", "x:\n  service.running:\n    name: y\n"));
    }

    @Test
    void longFormWithoutFunction() {
        assertEquals("a.sls:2:3: state 'service' in ID 'x' has no function (write service.<function> or list it)",
                error("a", "a.sls", "x:\n  service:\n    - enable: true\n"));
    }

    @Test
    void badOrder() {
        assertEquals("a.sls:3:7: order must be a number, 'first' or 'last', found 'soon'",
                error("a", "a.sls", "x:\n  service.running:\n    - order: soon\n"));
    }

    @Test
    void idWithoutStates() {
        assertEquals("a.sls:1:1: ID 'x' must map to state declarations (like pkg.installed: []), found 'nothing'",
                error("a", "a.sls", "x: nothing\n"));
    }

    @Test
    void twoFunctionsOfOneModuleUnderOneId() {
        assertEquals("a.sls:3:3: ID 'x' declares module 'pkg' twice ('pkg.installed' and 'pkg.removed'); use one function per module and ID",
                error("a", "a.sls", "x:\n  pkg.installed: []\n  pkg.removed: []\n"));
    }

    @Test
    void argumentWithTwoKeysIsTwoArgumentsAsInSalt() {
        String msg = error("a", "a.sls", "x:\n  pkg.installed:\n    - version: '1.0'\n      bogus: 2\n");
        assertTrue(msg.startsWith("a.sls:4:7: ") && msg.contains("'bogus'"), msg);
    }

    @Test
    void duplicateNames() {
        assertEquals("a.sls:5:9: pkg.installed 'x' (name 'a') is declared twice (also at a.sls:4)",
                error("a", "a.sls", "x:\n  pkg.installed:\n    - names:\n      - a\n      - a\n"));
    }

    @Test
    void templateRaise() {
        assertEquals("a.sls:1: Jinja error: raise: unsupported os web",
                error("a", "a.sls", "{{ raise('unsupported os ' ~ grains.role) }}\n"));
    }

    @Test
    void saltFunctionThatNeedsTheMinion() {
        String msg = error("a", "a.sls", "x:\n  cmd.run:\n    - name: {{ salt['nope.run']('id') }}\n");
        assertTrue(msg.startsWith("a.sls:3: Jinja error: salt['nope.run'] is not available in jsalt (available: "), msg);
        assertTrue(msg.contains("pillar.get"), msg);
    }

    @Test
    void otherRenderersAreRefused() {
        assertEquals("a.sls:1:1: renderer 'py' is not supported (jsalt renders jinja|yaml or yaml)",
                error("a", "a.sls", "#!py\ndef run(): return {}\n"));
    }

    @Test
    void slsMustBeAMapping() {
        assertEquals("a.sls:1:1: an SLS file must be a mapping, found a list", error("a", "a.sls", "- just\n- a list\n"));
    }

    @Test
    void extendOfMissingState() {
        assertEquals("a.sls:2:3: extend: there is no service state with ID 'nginx' to extend",
                error("a", "a.sls", "extend:\n  nginx:\n    service:\n      - watch:\n        - file: x\n"));
    }

    private String pillarError(String... pillarFiles) {
        Path states = Fixtures.write(dir.resolve("states"), "top.sls", "base:\n  '*':\n    - a\n", "a.sls", "x:\n  cmd.run: []\n");
        Path pillar = Fixtures.write(dir.resolve("pillar"), pillarFiles);
        return assertThrows(CompileException.class,
                () -> Fixtures.compiler(states, pillar).compile("web1", Map.of("role", "web"), List.of())).getMessage();
    }

    @Test
    void pillarErrorsSayTheyAreInThePillarTree() {
        assertEquals("pillar:top.sls:1:1: an SLS file must be a mapping, found a list", pillarError("top.sls", "- a\n"));
        assertEquals("pillar:top.sls:3:7: SLS 'nope' not found (looked for nope.sls and nope/init.sls)",
                pillarError("top.sls", "base:\n  '*':\n    - nope\n"));
        assertEquals("pillar:p.sls:1:1: an SLS file must be a mapping, found a list",
                pillarError("top.sls", "base:\n  '*':\n    - p\n", "p.sls", "- 1\n- 2\n"));
        assertEquals("pillar:p.sls:1:4: YAML error: !secret applies to a single value, not to a mapping",
                pillarError("top.sls", "base:\n  '*':\n    - p\n", "p.sls", "a: !secret {b: 1}\n"));
        assertEquals("pillar:p.sls:2: Jinja error: 'dict object' has no attribute 'nope' in 'b: x-{{ grains['nope'] }}'",
                pillarError("top.sls", "base:\n  '*':\n    - p\n", "p.sls", "a: 1\nb: x-{{ grains['nope'] }}\n"));
    }

    @Test
    void malformedTopFiles() {
        assertEquals("top.sls:2:3: 'base' must map targets to lists of SLS names", error(null, "top.sls", "base:\n  - a\n"));
        assertEquals("top.sls:2:8: target '*' must have a list of SLS names", error(null, "top.sls", "base:\n  '*': a\n"));
        assertEquals("top.sls:3:14: match must be a plain value, found a mapping",
                error(null, "top.sls", "base:\n  '*':\n    - match: {a: 1}\n    - a\n"));
    }

    @Test
    void badDataFilesNameTheFileInsideTheJinjaError() {
        assertEquals("a.sls:1: Jinja error: Encountered error loading yaml: d.yaml:1:5: YAML error: expected the node content, but found '<stream end>'"
                        + " (while parsing a flow node)",
                error("a", "a.sls", "{% import_yaml 'd.yaml' as d %}\nx:\n  cmd.run: []\n", "d.yaml", "a: [\n"));
        assertEquals("a.sls:1: Jinja error: Unable to load json from d.json: Unexpected character ('a' (code 97)): was expecting"
                        + " double-quote to start field name",
                error("a", "a.sls", "{% import_json 'd.json' as d %}\nx:\n  cmd.run: []\n", "d.json", "{a\n"));
    }
}
