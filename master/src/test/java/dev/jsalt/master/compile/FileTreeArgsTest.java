package dev.jsalt.master.compile;

import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.statetree.DirStateTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** file.recurse, file.append/prepend sources, file.serialize's dataset_pillar and file.accumulated, made self-contained by the compiler. */
class FileTreeArgsTest {
    private static final Map<String, Object> GRAINS = Map.of("role", "web", "os_family", "Debian");

    @TempDir
    Path dir;

    private List<Resource> compile(String... files) {
        Fixtures.write(dir.resolve("states"), files);
        Fixtures.write(dir.resolve("pillar"), "top.sls", "base:\n  '*':\n    - web\n",
                "web.sls", "web:\n  port: 8080\n  conf: {a: 1, b: [x, y]}\n");
        StateDocument doc = new StateCompiler(new DirStateTree(dir.resolve("states")), new DirStateTree(dir.resolve("pillar")),
                FunctionCatalog.standard(), MineView.EMPTY).compile("web1", GRAINS, List.of("a"));
        return doc.resources();
    }

    private String error(String... files) {
        return assertThrows(CompileException.class, () -> compile(files)).getMessage();
    }

    @Test
    void recurseShipsSelectedFilesRenderedWithTheirDirectories() {
        Map<String, Object> args = compile("app/conf/a.conf", "port={{ pillar.web.port }} name={{ name }}\n",
                "app/conf/sub/b.conf", "b\n", "app/conf/sub/deep/c.conf", "c\n", "app/conf/skip.bak", "x\n",
                "a.sls", """
                        /srv/app:
                          file.recurse:
                            - source: salt://app/conf
                            - template: jinja
                            - file_mode: 640
                            - exclude_pat: '*.bak'
                            - maxdepth: 1
                            - include_empty: true
                        """).get(0).args();
        assertEquals("salt://app/conf", args.get("source_path"));
        assertEquals("0640", args.get("file_mode"));
        assertEquals("*.bak", args.get("exclude_pat"), "kept for clean on the minion");
        assertFalse(args.containsKey("template"));
        assertFalse(args.containsKey("maxdepth"));
        assertEquals(List.of(Map.of("path", "sub", "type", "dir"),
                Map.of("path", "a.conf", "type", "file", "contents", "port=8080 name=/srv/app/a.conf\n"),
                Map.of("path", "sub/b.conf", "type", "file", "contents", "b\n")), args.get("files"));
    }

    @Test
    void keepSymlinksShipsTheSourcesLinksAsLinksAndOtherwiseTheFilesTheyPointTo() throws Exception {
        Fixtures.write(dir.resolve("states"), "app/conf/real.conf", "r\n");
        java.nio.file.Files.createDirectories(dir.resolve("states/app/conf/sub"));
        java.nio.file.Files.createSymbolicLink(dir.resolve("states/app/conf/current"), Path.of("real.conf"));
        java.nio.file.Files.createSymbolicLink(dir.resolve("states/app/conf/sub/hostname"), Path.of("/etc/hostname"));
        Map<String, Object> kept = compile("a.sls", "/srv/app:\n  file.recurse:\n    - source: salt://app/conf\n"
                + "    - keep_symlinks: True\n    - force_symlinks: True\n").get(0).args();
        assertFalse(kept.containsKey("keep_symlinks"));
        assertEquals(true, kept.get("force_symlinks"), "for the minion");
        assertEquals(List.of(Map.of("path", "sub", "type", "dir"),
                Map.of("path", "current", "type", "symlink", "target", "real.conf"),
                Map.of("path", "real.conf", "type", "file", "contents", "r\n"),
                Map.of("path", "sub/hostname", "type", "symlink", "target", "/etc/hostname")), kept.get("files"));
        // Without it (Salt's default) a link to a file of the tree is copied as that file, and one leading out is not followed.
        Map<String, Object> copied = compile("a.sls", "/srv/app:\n  file.recurse:\n    - source: salt://app/conf\n").get(0).args();
        assertEquals(List.of(Map.of("path", "current", "type", "file", "contents", "r\n"),
                Map.of("path", "real.conf", "type", "file", "contents", "r\n")), copied.get("files"));
    }

    @Test
    void fileModeKeepShipsEachFilesModeFromTheTree() throws Exception {
        Fixtures.write(dir.resolve("states"), "bin/run.sh", "#!/bin/sh\n", "bin/notes", "n\n");
        java.nio.file.Files.setPosixFilePermissions(dir.resolve("states/bin/run.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        java.nio.file.Files.setPosixFilePermissions(dir.resolve("states/bin/notes"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, Object> args = compile("a.sls", "/opt/bin:\n  file.recurse:\n    - source: salt://bin\n    - file_mode: keep\n").get(0).args();
        assertFalse(args.containsKey("file_mode"));
        assertEquals(List.of(Map.of("path", "notes", "type", "file", "mode", "0644", "contents", "n\n"),
                Map.of("path", "run.sh", "type", "file", "mode", "0750", "contents", "#!/bin/sh\n")), args.get("files"));
        assertTrue(error("a.sls", "/etc/x:\n  file.managed:\n    - contents: x\n    - mode: keep\n").contains("keep"));
    }

    @Test
    void recurseOfAnEmptyOrMissingDirectoryIsAnError() {
        assertTrue(error("a.sls", "/srv/x:\n  file.recurse:\n    - source: salt://nope\n").contains("holds no files"));
    }

    @Test
    void appendSourcesAreRenderedAsText() {
        Map<String, Object> args = compile("snip/a.txt", "port {{ pillar.web.port }}\n", "snip/b.txt", "b\n",
                "a.sls", "/etc/x:\n  file.append:\n    - sources:\n      - salt://snip/a.txt\n      - salt://snip/b.txt\n").get(0).args();
        assertEquals(Map.of("text", List.of("port 8080\n", "b\n")), args);
    }

    @Test
    void datasetPillarIsLookedUp() {
        Map<String, Object> args = compile("a.sls", "/etc/x.json:\n  file.serialize:\n    - dataset_pillar: web:conf\n    - serializer: json\n")
                .get(0).args();
        assertEquals(Map.of("a", 1, "b", List.of("x", "y")), args.get("dataset"));
        assertFalse(args.containsKey("dataset_pillar"));
    }

    @Test
    void accumulatorsFeedTemplatesAndBlocks() {
        List<Resource> rs = compile("t/motd", "{% for k, v in accumulator.items() %}{{ k }}={{ v | join(',') }}\n{% endfor %}",
                "a.sls", """
                        acc1:
                          file.accumulated:
                            - filename: /etc/motd
                            - text: [one, two]
                            - require_in:
                              - file: motd
                        acc2:
                          file.accumulated:
                            - filename: /etc/block
                            - text: line b
                            - require_in:
                              - file: /etc/block
                        motd:
                          file.managed:
                            - name: /etc/motd
                            - source: salt://t/motd
                            - template: jinja
                        /etc/block:
                          file.blockreplace:
                            - content: line a
                            - append_if_not_found: true
                        """);
        Map<String, Map<String, Object>> byName = new java.util.HashMap<>();
        for (Resource r : rs) byName.put(r.function() + " " + r.name(), r.args());
        assertEquals("acc1=one,two\n", byName.get("managed /etc/motd").get("contents"));
        assertEquals("line a\nline b", byName.get("blockreplace /etc/block").get("content"));
        assertEquals(Map.of("filename", "/etc/motd"), byName.get("accumulated acc1"));
    }

    @Test
    void anOrphanedAccumulatorIsAnError() {
        assertTrue(error("a.sls", "acc:\n  file.accumulated:\n    - filename: /etc/x\n    - text: a\n")
                .contains("Orphaned accumulator acc in a:acc"));
    }
}
