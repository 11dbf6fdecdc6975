package dev.jsalt.master.compile;

import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.statetree.GitStateTree;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** file.managed with source: salt://... — inlined by the compiler, because the minion fetches and renders nothing. */
class FileSourcesTest {
    private static final Map<String, Object> GRAINS = Map.of("role", "web", "os_family", "Debian");

    @TempDir
    Path dir;

    private Map<String, Object> args(String... files) {
        Fixtures.write(dir.resolve("states"), files);
        Fixtures.write(dir.resolve("pillar"), "top.sls", "base:\n  '*':\n    - web\n",
                "web.sls", "web:\n  port: 8080\n  password: !secret 'p@ss: w0rd'\n  banner: Hello\n");
        StateDocument doc = Fixtures.compiler(dir.resolve("states"), dir.resolve("pillar")).compile("web1", GRAINS, List.of("a"));
        return doc.resources().get(0).args();
    }

    private String error(String... files) {
        Fixtures.write(dir, files);
        return assertThrows(CompileException.class, () -> Fixtures.compiler(dir).compile("web1", GRAINS, List.of("a"))).getMessage();
    }

    @Test
    void sourceIsReadFromTheTreeAndShippedAsContents() {
        Map<String, Object> args = args("files/motd", "Hello {{ not rendered }}\nno newline at the end",
                "a.sls", "/etc/motd:\n  file.managed:\n    - user: root\n    - source: salt://files/motd\n    - mode: '644'\n");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("user", "root");
        expected.put("source_path", "salt://files/motd");
        expected.put("contents", "Hello {{ not rendered }}\nno newline at the end");
        expected.put("contents_newline", false);
        expected.put("mode", "0644");
        assertEquals(expected, args);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(args.keySet()), "source replaced in place");
    }

    @Test
    void firstExistingSourceOfAListWins() {
        Map<String, Object> args = args("files/web1/motd", "for web1\n", "files/default/motd", "default\n",
                "a.sls", """
                        /etc/motd:
                          file.managed:
                            - source:
                              - salt://files/{{ grains['id'] }}-nope/motd
                              - salt://files/{{ grains['id'] }}/motd
                              - salt://files/default/motd
                        """);
        assertEquals("for web1\n", args.get("contents"));
        assertEquals("salt://files/web1/motd", args.get("source_path"));
        assertEquals("default\n", args("a.sls", """
                /etc/motd:
                  file.managed:
                    - source: [salt://files/nope/motd, 'salt://files/default/motd?saltenv=base']
                """).get("contents"));
    }

    @Test
    void templateIsRenderedWithGrainsPillarSaltAndContextOverDefaults() {
        Map<String, Object> args = args("app/map.jinja", "{% set app = {'workers': 4} %}\n",
                "app/files/app.conf", """
                        {% from './../map.jinja' import app with context -%}
                        # {{ name }} from {{ source }} for {{ grains.id }} ({{ grains['os_family'] }}, {{ sls is defined }}, {{ tpldir }})
                        port = {{ pillar.web.port }}
                        banner = {{ salt['pillar.get']('web:banner') }}
                        workers = {{ app.workers }}
                        log = {{ log.level }}/{{ log.file }}
                        user = {{ user }}
                        """,
                "a.sls", """
                        /etc/app.conf:
                          file.managed:
                            - source: salt://app/files/app.conf
                            - template: jinja
                            - user: www
                            - defaults:
                                log: {level: info, file: /var/log/app.log}
                            - context:
                                log: {level: debug}
                                tpldir: app/files
                        """);
        // As in Salt: a file template has no sls or tpldir of its own; formulas pass tpldir in context, and a relative
        // import resolves against it.
        assertEquals("""
                # /etc/app.conf from salt://app/files/app.conf for web1 (Debian, False, app/files)
                port = 8080
                banner = Hello
                workers = 4
                log = debug//var/log/app.log
                user = www
                """, args.get("contents"));
        assertEquals(Map.of("user", "www", "source_path", "salt://app/files/app.conf", "contents", args.get("contents"),
                "contents_newline", false), args, "template, context and defaults are compile-time only");
    }

    @Test
    void aSecretInTheTemplateMakesTheWholeContentsSecret() {
        Map<String, Object> args = args("db.cnf", "[client]\nuser = app\npassword = {{ pillar['web']['password'] }}\n",
                "a.sls", "/etc/db.cnf:\n  file.managed:\n    - source: salt://db.cnf\n    - template: jinja\n");
        assertEquals(Map.of("$secret", "[client]\nuser = app\npassword = p@ss: w0rd\n"), args.get("contents"));
    }

    @Test
    void contentsPillarIsLookedUpOnTheMaster() {
        assertEquals(Map.of("contents", Map.of("$secret", "p@ss: w0rd")),
                args("a.sls", "/etc/pw:\n  file.managed:\n    - contents_pillar: web:password\n"));
        assertEquals(Map.of("contents", "Hello\n8080"),
                args("a.sls", "/etc/pw:\n  file.managed:\n    - contents_pillar: [web:banner, web:port]\n"));
    }

    @Test
    void inlineContentsAreRenderedToWhenATemplateIsSet() {
        assertEquals(Map.of("contents", "id=web1 port=8080"), args("a.sls", """
                /etc/id:
                  file.managed:
                    - contents: "id={{ '{{' }} grains.id {{ '}}' }} port={{ '{{' }} port {{ '}}' }}"
                    - template: jinja
                    - context: {port: 8080}
                """));
    }

    @Test
    void oversizedSourcesAreRefused() throws Exception {
        Fixtures.write(dir, "a.sls", "/srv/big:\n  file.managed:\n    - source: salt://big.bin\n");
        Files.write(dir.resolve("big.bin"), new byte[16 * 1024 * 1024 + 1]);
        String message = error();
        assertTrue(message.startsWith("a.sls:3:7: source file 'salt://big.bin' of file.managed '/srv/big' is 16777217 bytes;"), message);
    }

    @Test
    void binaryFilesTravelAsBase64() {
        byte[] bytes = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, (byte) 0xfe};
        Fixtures.write(dir.resolve("states"), "a.sls", "/srv/logo.png:\n  file.managed:\n    - source: salt://logo.png\n");
        try {
            Files.write(dir.resolve("states/logo.png"), bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, Object> args = args();
        assertEquals(Base64.getEncoder().encodeToString(bytes), args.get("contents_base64"));
        assertEquals(null, args.get("contents"));
    }

    @Test
    void sourcesThatLeaveTheTreeAreRefused() {
        assertEquals("a.sls:3:7: source 'salt://../etc/passwd' of file.managed '/etc/x': bad state tree path '../etc/passwd': '..' is not allowed",
                error("a.sls", "/etc/x:\n  file.managed:\n    - source: salt://../etc/passwd\n"));
        assertEquals("a.sls:3:7: source 'salt://files/../../x' of file.managed '/etc/x': bad state tree path 'files/../../x': '..' is not allowed",
                error("a.sls", "/etc/x:\n  file.managed:\n    - source: [salt://nope, salt://files/../../x]\n"));
        assertEquals("a.sls:3:7: source 'salt:///etc/shadow' of file.managed '/etc/x': bad state tree path '/etc/shadow': absolute paths are not allowed",
                error("a.sls", "/etc/x:\n  file.managed:\n    - source: salt:///etc/shadow\n"));
        assertEquals("a.sls:3:7: source 'http://example.com/x' of file.managed '/etc/x' is not a salt:// URL: the minion fetches nothing,"
                        + " so a source must be a file of the state tree (jsalt downloads nothing, so skip_verify and source_hash"
                        + " cannot make a remote source work: put the file in the state tree, or fetch it with cmd.run)",
                error("a.sls", "/etc/x:\n  file.managed:\n    - source: http://example.com/x\n"));
    }

    @Test
    void missingSourceNamesTheSlsLineAndThePath() {
        assertEquals("a.sls:5:7: source file 'salt://nginx/nginx.conf' of file.managed 'cfg' (name '/etc/nginx/nginx.conf') not found"
                        + " in the state tree (dir:" + dir.toAbsolutePath().normalize() + ")",
                error("a.sls", "cfg:\n  file.managed:\n    - name: /etc/nginx/nginx.conf\n    - user: root\n    - source: salt://nginx/nginx.conf\n"));
        String list = error("a.sls", "cfg:\n  file.managed:\n    - source:\n      - salt://a\n      - salt://b\n");
        assertTrue(list.startsWith("a.sls:3:7: none of the sources of file.managed 'cfg' exists in the state tree ("), list);
        assertTrue(list.endsWith("): salt://a, salt://b"), list);
        assertEquals("a.sls:3:7: pillar key 'web:nope' (contents_pillar of file.managed 'cfg') does not exist",
                error("a.sls", "cfg:\n  file.managed:\n    - contents_pillar: web:nope\n"));
        assertEquals("a.sls:4:7: source and contents cannot be used together in file.managed 'cfg'",
                error("a.sls", "cfg:\n  file.managed:\n    - source: salt://a\n    - contents: x\n"));
        assertEquals("a.sls:4:7: template 'mako' is not supported by jsalt (it renders jinja) in file.managed 'cfg'",
                error("a.sls", "cfg:\n  file.managed:\n    - source: salt://a\n    - template: mako\n"));
    }

    @Test
    void templateErrorsNameTheTemplateFileAndLine() {
        assertEquals("files/app.conf:3: Jinja error: 'dict object' has no attribute 'nope' in 'port = {{ pillar['nope'] }}'"
                        + " (template of file.managed '/etc/app.conf' at a.sls:3)",
                error("files/app.conf", "# app\nx = 1\nport = {{ pillar['nope'] }}\n",
                        "a.sls", "/etc/app.conf:\n  file.managed:\n    - source: salt://files/app.conf\n    - template: jinja\n"));
    }

    @Test
    void aSnapshotCompilerRecordsAndReadsOneCommit() throws Exception {
        Path work = dir.resolve("repo");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            Fixtures.write(work, "a.sls", "/etc/motd:\n  file.managed:\n    - source: salt://motd\n", "motd", "one\n");
            git.add().addFilepattern(".").call();
            RevCommit first = git.commit().setMessage("one").setSign(false).call();
            try (GitStateTree tree = new GitStateTree(work.toString(), "main", null)) {
                StateCompiler pinned = new StateCompiler(tree, null, Fixtures.CATALOG, MineView.EMPTY).snapshot();
                Fixtures.write(work, "motd", "two\n");
                git.add().addFilepattern(".").call();
                RevCommit second = git.commit().setMessage("two").setSign(false).call();

                assertEquals(first.name(), pinned.source());
                StateDocument doc = pinned.compile("web1", GRAINS, List.of("a"));
                assertEquals(first.name(), doc.source());
                assertEquals("one\n", doc.resources().get(0).args().get("contents"));

                StateDocument fresh = new StateCompiler(tree, null, Fixtures.CATALOG, MineView.EMPTY).compile("web1", GRAINS, List.of("a"));
                assertEquals(second.name(), fresh.source());
                assertEquals("two\n", fresh.resources().get(0).args().get("contents"));
            }
        }
    }
}
