package dev.jsalt.master.compile;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.master.statetree.DirStateTree;
import dev.jsalt.master.config.MasterConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** master.yaml's {@code cmd_run_shell}: Salt's shell for cmd.run strings, only in the SLS it names. */
class SaltCmdShellTest {
    @TempDir
    Path dir;

    private static final String SLS = """
            check:
              cmd.run:
                - name: visudo -cf /etc/sudoers.d/x || ( rm -f /etc/sudoers.d/x; exit 1 )
            plain:
              cmd.wait:
                - name: systemctl daemon-reload
            said-no:
              cmd.run:
                - name: echo no shell
                - shell: false
            """;

    private Map<String, Object> args(StateDocument d, String id) {
        return d.resources().stream().filter(r -> r.id().equals(id)).findFirst().map(Resource::args).orElseThrow();
    }

    private StateDocument compile(List<String> cmdRunShell, String sls) {
        Fixtures.write(dir, "users/init.sls", SLS, "users/extra.sls", SLS.replace(":\n  cmd", "-extra:\n  cmd"),
                "app.sls", SLS.replace(":\n  cmd", "-app:\n  cmd"));
        return new StateCompiler(new DirStateTree(dir), null, Fixtures.CATALOG, MineView.EMPTY, cmdRunShell)
                .compile("web1", Map.of(), List.of(sls));
    }

    @Test
    void offByDefaultAStringRunsWithoutAShell() {
        StateDocument d = compile(List.of(), "users");
        assertFalse(args(d, "check").containsKey("shell"), "the minion then refuses its shell operators");
    }

    @Test
    void inTheNamedSlsEveryCommandStringGetsSaltsShellUnlessTheStateSaysOtherwise() {
        StateDocument d = compile(List.of("users", "users.*"), "users");
        assertEquals(true, args(d, "check").get("shell"));
        assertEquals(true, args(d, "plain").get("shell"), "cmd.wait too");
        assertEquals(false, args(d, "said-no").get("shell"), "a state's own shell: false stands");
        assertEquals(true, args(compile(List.of("users", "users.*"), "users.extra"), "check-extra").get("shell"));
        assertFalse(args(compile(List.of("users", "users.*"), "app"), "check-app").containsKey("shell"), "other SLS keep jsalt's rule");
        assertEquals(true, args(compile(List.of("*"), "app"), "check-app").get("shell"));
    }

    @Test
    void masterYamlTakesTrueFalseOrAListOfGlobs() throws Exception {
        Files.writeString(dir.resolve("master.yaml"), "root_dir: root\n");
        assertEquals(List.of(), MasterConfig.load(dir).cmdRunShell());
        Files.writeString(dir.resolve("master.yaml"), "root_dir: root\ncmd_run_shell: true\n");
        assertEquals(List.of("*"), MasterConfig.load(dir).cmdRunShell());
        Files.writeString(dir.resolve("master.yaml"), "root_dir: root\ncmd_run_shell: [users, 'users.*']\n");
        assertEquals(List.of("users", "users.*"), MasterConfig.load(dir).cmdRunShell());
        Files.writeString(dir.resolve("master.yaml"), "root_dir: root\ncmd_run_shell: sometimes\n");
        ConfigException e = assertThrows(ConfigException.class, () -> MasterConfig.load(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("master.yaml") + ":2:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("'cmd_run_shell' is true, false or a list of SLS names or globs"), e.getMessage());
        Files.writeString(dir.resolve("master.yaml"), "root_dir: root\ncmd_run_shell: ['rm -rf']\n");
        assertTrue(assertThrows(ConfigException.class, () -> MasterConfig.load(dir)).getMessage().contains("'rm -rf' is not an SLS name or glob"));
    }
}
