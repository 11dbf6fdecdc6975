package dev.jsalt.master.compile;

import dev.jsalt.common.state.Requisite;
import dev.jsalt.common.state.RequisiteKind;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiler against the full catalog: arguments, declared-only functions, formula modules, requisites, compiled arguments. */
class CatalogCompileTest {
    @TempDir
    Path dir;

    private StateCompiler compiler() {
        return new StateCompiler(new DirStateTree(dir), null, FunctionCatalog.standard(), MineView.EMPTY);
    }

    private StateDocument compile(String... files) {
        Fixtures.write(dir, files);
        return compiler().compile("web1", Map.of("role", "web"), List.of("a"));
    }

    private String error(String... files) {
        Fixtures.write(dir, files);
        return assertThrows(CompileException.class, () -> compiler().compile("web1", Map.of(), List.of("a"))).getMessage();
    }

    private static Resource byId(StateDocument d, String id) {
        return d.resources().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void anArgumentTheFunctionDoesNotTakeIsAnErrorWithTheArgumentsItTakes() {
        String e = error("a.sls", "/etc/motd:\n  file.managed:\n    - contents: hi\n    - sorce: salt://motd\n");
        assertTrue(e.startsWith("a.sls:4:7: argument 'sorce' is not an argument of file.managed in file.managed '/etc/motd'"
                + " (did you mean 'source'? it takes: name, source, source_hash, "), e);
        assertTrue(e.contains("check_cmd") && e.contains("onlyif") && !e.contains("attrs"), e);
    }

    @Test
    void saltsArgumentsJsaltDoesNotImplementAreNamedAsSuch() {
        assertEquals("a.sls:3:7: jsalt does not implement argument 'attrs' of file.managed (file attributes (chattr): not supported) in file.managed '/x'",
                error("a.sls", "/x:\n  file.managed:\n    - attrs: i\n"));
        assertEquals("a.sls:3:7: argument 'makedirs' of file.managed '/x' must be a bool, found a list",
                error("a.sls", "/x:\n  file.managed:\n    - makedirs: [1]\n"));
        assertEquals("a.sls:3:7: saltenv: 'dev' in file.managed '/x': only the base environment exists in jsalt",
                error("a.sls", "/x:\n  file.managed:\n    - saltenv: dev\n"));
        assertTrue(error("a.sls", "/x:\n  file.managed:\n    - onlyif:\n      - fun: file.file_exists\n        path: /y\n")
                .contains("uses Salt's {fun: ..., args: ...} form, which jsalt does not support"));
    }

    @Test
    void declaredButUnimplementedFunctionsAndFormulaModules() {
        // the standard catalog declares no function it does not implement any more: CatalogDocsTest holds the message
        assertEquals("a.sls:2:3: state function 'ufw.allow' comes from the formula's own _states/ufw.py: jsalt does not run"
                        + " Python state modules (use jsalt's own functions, see docs/states/sls.md)",
                error("_states/ufw.py", "def allowed(name): pass\n", "a.sls", "x:\n  ufw.allow:\n    - to_port: 22\n"));
    }

    @Test
    void globalArgumentsAndNoOpsAreAccepted() {
        StateDocument d = compile("a.sls", """
                x:
                  pkg.installed:
                    - name: sl
                    - version: latest
                    - hold: true
                    - reload_modules: true
                    - unless: test -e /x
                    - retry: {attempts: 3, interval: 1}
                    - saltenv: base
                """);
        Map<String, Object> args = byId(d, "x").args();
        assertEquals("latest", args.get("version"));
        assertFalse(args.containsKey("saltenv"), "consumed by the compiler");
        assertTrue(args.containsKey("reload_modules"), "a documented no-op travels and is dropped by the engine");
    }

    @Test
    void saltsRequisitesCompile() {
        StateDocument d = compile("a.sls", """
                app:
                  pkg.installed: []
                stop-app:
                  cmd.run:
                    - name: systemctl stop app
                    - prereq:
                      - pkg: app
                reload:
                  cmd.run:
                    - name: systemctl reload app
                    - listen:
                      - pkg: app
                either:
                  test.nop:
                    - require_any:
                      - pkg: app
                      - cmd: stop-app
                    - onfail_all:
                      - pkg: app
                base:
                  file.managed:
                    - name: /etc/a
                    - mode: 644
                    - user: root
                copy:
                  file.managed:
                    - name: /etc/b
                    - use:
                      - file: base
                """);
        List<String> order = d.resources().stream().map(Resource::id).toList();
        assertTrue(order.indexOf("stop-app") < order.indexOf("app"), "a prereq runs before its target: " + order);
        Resource stop = byId(d, "stop-app");
        Resource app = byId(d, "app");
        assertEquals(List.of(new Requisite(RequisiteKind.PREREQ, app.key())), stop.requisites());
        assertEquals(List.of(new Requisite(RequisiteKind.PREREQUIRED, stop.key())), app.requisites());
        assertEquals(List.of(new Requisite(RequisiteKind.LISTEN, app.key())), byId(d, "reload").requisites());
        assertEquals(List.of(new Requisite(RequisiteKind.REQUIRE_ANY, app.key()), new Requisite(RequisiteKind.REQUIRE_ANY, stop.key()),
                new Requisite(RequisiteKind.ONFAIL_ALL, app.key())), byId(d, "either").requisites());
        Map<String, Object> copy = byId(d, "copy").args();
        assertEquals("0644", copy.get("mode"));
        assertEquals("root", copy.get("user"));
    }

    @Test
    void moduleRunNewStyleBecomesFunctionCalls() {
        StateDocument d = compile("a.sls", """
                calls:
                  module.run:
                    - test.echo:
                      - text: hello
                    - cmd.run:
                      - echo hi
                      - cwd: /tmp
                """);
        assertEquals(List.of(Map.of("fun", "test.echo", "args", List.of(), "kwargs", Map.of("text", "hello")),
                Map.of("fun", "cmd.run", "args", List.of("echo hi"), "kwargs", Map.of("cwd", "/tmp"))),
                byId(d, "calls").args().get("functions"));
        assertTrue(error("a.sls", "c:\n  module.run:\n    - state.apply: []\n").contains("calls state.apply, which jsalt's module.run cannot call"));
        assertTrue(error("a.sls", "test.ping:\n  module.run: []\n").contains("jsalt takes Salt's new style"));
    }

    @Test
    void cmdScriptShipsTheScriptFromTheTree() {
        StateDocument d = compile("scripts/setup.sh", "#!/bin/sh\necho {{ grains['role'] }}\n", "a.sls", """
                setup:
                  cmd.script:
                    - source: salt://scripts/setup.sh
                    - template: jinja
                    - args: --quick
                """);
        Map<String, Object> args = byId(d, "setup").args();
        assertEquals("#!/bin/sh\necho web\n", args.get("script_contents"));
        assertEquals("salt://scripts/setup.sh", args.get("script_path"));
        assertFalse(args.containsKey("source") || args.containsKey("template"));
    }

    @Test
    void cronFileShipsTheCrontabFromTheTree() {
        StateDocument d = compile("cron/root.tab", "MAILTO=ops@{{ grains['role'] }}\n0 3 * * * /usr/local/bin/backup\n", "a.sls", """
                root_tab:
                  cron.file:
                    - name: salt://cron/root.tab
                    - template: jinja
                    - user: root
                """);
        Map<String, Object> args = byId(d, "root_tab").args();
        assertEquals("MAILTO=ops@web\n0 3 * * * /usr/local/bin/backup\n", args.get("source_contents"));
        assertEquals("salt://cron/root.tab", args.get("source_path"));
        assertFalse(args.containsKey("template"));
        assertTrue(error("a.sls", "t:\n  cron.file:\n    - name: https://example.org/tab\n").contains("is not a salt:// URL"));
    }

    @Test
    void aSaltKeyUrlOfPkgrepoIsShippedAsKeyText() {
        String key = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBF\n=AbCd\n-----END PGP PUBLIC KEY BLOCK-----\n";
        StateDocument d = compile("repo/key.asc", key, "a.sls", """
                vendor:
                  pkgrepo.managed:
                    - name: deb [signed-by=/etc/apt/keyrings/vendor.gpg] https://apt.example.org stable main
                    - key_url: salt://repo/key.asc
                """);
        Map<String, Object> args = byId(d, "vendor").args();
        assertEquals(key, args.get("key_text"));
        assertFalse(args.containsKey("key_url"));
        assertEquals("https://k.example.org/key.asc", byId(compile("x", "", "a.sls",
                "v:\n  pkgrepo.managed:\n    - name: deb https://apt.example.org stable main\n    - key_url: https://k.example.org/key.asc\n"),
                "v").args().get("key_url"));
    }

    @Test
    void checkPillarIsResolvedOnTheMaster() {
        Fixtures.write(dir.resolve("pillar"), "top.sls", "base:\n  '*': [p]\n", "p.sls", "mysql:\n  bind: 0.0.0.0\n  port: 3306\n");
        Fixtures.write(dir.resolve("states"), "a.sls", "check:\n  test.check_pillar:\n    - present: [mysql:bind, mysql:nope]\n    - integer: [mysql:port]\n");
        StateDocument d = new StateCompiler(new DirStateTree(dir.resolve("states")), new DirStateTree(dir.resolve("pillar")),
                FunctionCatalog.standard(), MineView.EMPTY).compile("web1", Map.of(), List.of("a"));
        Map<String, Object> args = byId(d, "check").args();
        assertEquals(List.of("Pillar key mysql:nope is missing"), args.get("pillar_failures"));
        assertEquals(List.of("Pillar key mysql:bind is present", "Pillar key mysql:port is an integer"), args.get("pillar_passed"));
    }

    @Test
    void sourceHashIsCheckedOnTheMasterAndRemoteSourcesSayThatNothingIsDownloaded() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("hi\n".getBytes(StandardCharsets.UTF_8)));
        StateDocument ok = compile("f.txt", "hi\n", "a.sls", "/x:\n  file.managed:\n    - source: salt://f.txt\n    - source_hash: sha256=" + sha + "\n");
        assertEquals("hi\n", byId(ok, "/x").args().get("contents"));
        assertTrue(error("f.txt", "hi\n", "a.sls", "/x:\n  file.managed:\n    - source: salt://f.txt\n    - source_hash: sha256=" + "0".repeat(64) + "\n")
                .contains("does not match salt://f.txt: sha256 is " + sha));
        assertTrue(error("a.sls", "/x:\n  file.managed:\n    - source: https://example.org/x.tgz\n    - skip_verify: true\n")
                .contains("jsalt downloads nothing, so skip_verify and source_hash cannot make a remote source work"));
    }

    @Test
    void unsupportedArgumentsAtTheirDefaultChangeNothingAndAreAccepted() {
        StateDocument d = compile("a.sls", """
                g:
                  group.present:
                    - gid: 1500
                    - non_unique: False
                u:
                  user.present:
                    - nologinit: False
                """);
        assertEquals(Map.of("gid", 1500), byId(d, "g").args());
        assertEquals(Map.of(), byId(d, "u").args());
        assertTrue(error("a.sls", "u:\n  user.present:\n    - loginclass: staff\n").contains("jsalt does not implement argument 'loginclass'"));
    }

    @Test
    void fileManagedHandsOtherArgumentsToItsTemplateAsSaltDoes() {
        StateDocument d = compile("ntp.conf", "{% for s in config.server %}server {{ s }}\n{% endfor %}", "a.sls", """
                /etc/ntp.conf:
                  file.managed:
                    - source: salt://ntp.conf
                    - template: jinja
                    - context: ~
                    - config:
                        server: [a.pool, b.pool]
                """);
        assertEquals("server a.pool\nserver b.pool\n", byId(d, "/etc/ntp.conf").args().get("contents"));
        assertTrue(error("a.sls", "/x:\n  file.managed:\n    - contents: x\n    - config: {}\n")
                .startsWith("a.sls:4:7: argument 'config' is not an argument of file.managed"), "without a template it is an error");
    }
}
