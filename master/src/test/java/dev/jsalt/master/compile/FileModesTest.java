package dev.jsalt.master.compile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** File modes reach the minion as "0644" whatever the SLS spelling (YAML 1.1 reads an unquoted 0644 as 420). */
class FileModesTest {
    @TempDir
    Path dir;

    private List<Map<String, Object>> args(String sls) {
        Fixtures.write(dir, "a.sls", sls);
        return Fixtures.compiler(dir).compile("web1", Map.of(), List.of("a")).resources().stream().map(r -> r.args()).toList();
    }

    private String error(String sls) {
        Fixtures.write(dir, "a.sls", sls);
        return assertThrows(CompileException.class, () -> Fixtures.compiler(dir).compile("web1", Map.of(), List.of("a"))).getMessage();
    }

    @Test
    void everySpellingBecomesFourOctalDigits() {
        assertEquals(List.of(
                        Map.of("mode", "0644"), Map.of("mode", "0644"), Map.of("mode", "0644"), Map.of("mode", "0644"),
                        Map.of("mode", "0755"), Map.of("mode", "4755"), Map.of("mode", "0600"), Map.of("mode", "0420")),
                args("""
                        /a:
                          file.managed:
                            - mode: 0644
                        /b:
                          file.managed:
                            - mode: 644
                        /c:
                          file.managed:
                            - mode: '644'
                        /d:
                          file.managed:
                            - mode: "0644"
                        /e:
                          file.managed:
                            - mode: '0o755'
                        /f:
                          file.managed:
                            - mode: 04755
                        /g:
                          file:
                            - managed
                            - mode: {{ 600 }}
                        /h:
                          file.managed:
                            - mode: 420
                        """));
    }

    @Test
    void dirAndFileModesNamesAndExtend() {
        assertEquals(List.of(
                        Map.of("dir_mode", "0750", "file_mode", "0640", "mode", "0755"),
                        Map.of("mode", "0700"),
                        Map.of("mode", "0600", "user", "root"),
                        Map.of("mode", "replace", "content", "x", "file_mode", "0600")),
                args("""
                        /srv/a:
                          file.directory:
                            - dir_mode: 0750
                            - file_mode: 640
                            - mode: 0755
                        keys:
                          file.managed:
                            - names:
                              - /srv/k: [{mode: 0700}]
                        /srv/x:
                          file.managed:
                            - user: root
                        extend:
                          /srv/x:
                            file:
                              - mode: 0600
                        /srv/l:
                          file.line:
                            - mode: replace
                            - content: x
                            - file_mode: 0600
                        """).stream().map(Map::copyOf).toList());
    }

    @Test
    void invalidModesAreRefusedWithFileAndLine() {
        assertEquals("a.sls:4:7: mode '0999' of file.managed '/a' is not an octal file mode (write it like '0644')",
                error("/a:\n  file.managed:\n    - user: root\n    - mode: 0999\n"));
        assertEquals("a.sls:3:7: mode '888' of file.managed '/a' is not an octal file mode (write it like '0644')",
                error("/a:\n  file.managed:\n    - mode: 888\n"));
        assertEquals("a.sls:3:7: dir_mode 'rwx' of file.directory '/a' is not an octal file mode (write it like '0644')",
                error("/a:\n  file.directory:\n    - dir_mode: rwx\n"));
        assertEquals("a.sls:3:7: mode '17777' of file.managed '/a' is out of range (at most 07777)",
                error("/a:\n  file.managed:\n    - mode: 17777\n"));
        assertEquals("a.sls:3:7: mode of file.managed '/a' must be an octal file mode like '0644', found a list",
                error("/a:\n  file.managed:\n    - mode: [6, 4, 4]\n"));
        assertEquals("a.sls:3:7: mode: keep (the mode of the source file) is not supported by jsalt; give the mode, like '0644', in file.managed '/a'",
                error("/a:\n  file.managed:\n    - mode: keep\n"));
    }
}
