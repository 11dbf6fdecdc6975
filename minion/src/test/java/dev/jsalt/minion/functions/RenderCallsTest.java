package dev.jsalt.minion.functions;

import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.exec.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real render-time functions on this machine, through the one execution function the master calls. */
class RenderCallsTest {
    private final FunctionContext ctx = new FunctionContext("m1", new CommandRunner(), Map::of, Path.of("/tmp"), null);

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> ask(Map<?, ?>... calls) {
        JobRequest job = new JobRequest("j1", "m1", RenderCalls.FUNCTION, List.of(List.of(calls)), Map.of(), 0, Long.MAX_VALUE, "n");
        FunctionResult r = new RenderCalls().call(job, ctx);
        assertTrue(r.success());
        return (List<Map<String, Object>>) r.result();
    }

    private static Map<String, Object> call(String fn, Object... args) {
        return Map.of("function", fn, "args", List.of(args), "kwargs", Map.of());
    }

    @Test
    void userAndGroupInfoHaveSaltsShapeOrAreEmpty() {
        List<Map<String, Object>> r = ask(call("user.info", "root"), call("user.info", "no-such-user-xyz"), call("group.info", "root"),
                call("group.info", "no-such-group-xyz"));
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) r.get(0).get("ok");
        assertEquals(List.of("gid", "groups", "home", "name", "passwd", "shell", "uid", "fullname", "roomnumber", "workphone",
                "homephone", "other"), List.copyOf(root.keySet()));
        assertEquals(0L, root.get("uid"));
        assertEquals("/root", root.get("home"));
        assertTrue(((List<?>) root.get("groups")).contains("root"));
        assertEquals(Map.of(), r.get(1).get("ok"));
        @SuppressWarnings("unchecked")
        Map<String, Object> group = (Map<String, Object>) r.get(2).get("ok");
        assertEquals(List.of("name", "passwd", "gid", "members"), List.copyOf(group.keySet()));
        assertEquals(0L, group.get("gid"));
        assertEquals(Map.of(), r.get(3).get("ok"));
    }

    @Test
    void filesRegexAndExecutables(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, "Port 22\n\tUsePAM yes\n");
        List<Map<String, Object>> r = ask(call("file.file_exists", f.toString()), call("file.file_exists", dir.toString()),
                call("file.directory_exists", dir.toString()), call("file.contains_regex", f.toString(), "^\\s+Use"),
                call("file.contains_regex", f.toString(), "^Use"), Map.of("function", "file.contains_regex", "args", List.of(f.toString(), "^Use"),
                        "kwargs", Map.of("lchar", "\t")), call("file.contains_regex", dir.resolve("nope").toString(), "x"),
                call("cmd.has_exec", "sh"), call("cmd.has_exec", "no-such-binary-xyz"), call("file.readdir", dir.toString()));
        assertEquals(true, r.get(0).get("ok"));
        assertEquals(false, r.get(1).get("ok"));
        assertEquals(true, r.get(2).get("ok"));
        assertEquals(true, r.get(3).get("ok"));
        assertEquals(false, r.get(4).get("ok"));
        assertEquals(true, r.get(5).get("ok"));
        assertEquals(false, r.get(6).get("ok"));
        assertEquals(true, r.get(7).get("ok"));
        assertEquals(false, r.get(8).get("ok"));
        assertEquals(List.of(".", "..", "sshd_config"), r.get(9).get("ok"));
    }

    @Test
    void commandsRunWithoutAShellUnlessAskedAndAreStripped() {
        List<Map<String, Object>> r = ask(call("cmd.run", "echo 'a  b' $HOME"), Map.of("function", "cmd.run", "args", List.of("echo $((1+2))"),
                "kwargs", Map.of("python_shell", true)), call("cmd.run_all", "sh -c 'echo out; echo err >&2; exit 3'"),
                call("cmd.retcode", "false"), call("cmd.run_stdout", "printf 'x\\n\\n'"), call("cmd.run", "no-such-binary-xyz"));
        assertEquals("a  b $HOME", r.get(0).get("ok"));
        assertEquals("3", r.get(1).get("ok"));
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) r.get(2).get("ok");
        assertEquals(3L, all.get("retcode"));
        assertEquals("out", all.get("stdout"));
        assertEquals("err", all.get("stderr"));
        assertEquals(1L, r.get(3).get("ok"));
        assertEquals("x", r.get(4).get("ok"));
        assertTrue(String.valueOf(r.get(5).get("error")).contains("Unable to run command"));
    }

    @Test
    void unknownFunctionsAndBadArgumentsAreErrorsInTheirPlace() {
        List<Map<String, Object>> r = ask(call("state.apply"), call("user.info"), call("file.file_exists", "/"));
        assertTrue(String.valueOf(r.get(0).get("error")).contains("available: "));
        assertTrue(String.valueOf(r.get(1).get("error")).contains("missing required argument: 'name'"));
        assertFalse(r.get(2).containsKey("error"));
    }

    @Test
    void networkAnswersHaveSaltsTypes() {
        List<Map<String, Object>> r = ask(call("network.ip_addrs"), Map.of("function", "network.ip_addrs", "args", List.of(),
                "kwargs", Map.of("include_loopback", true)), call("network.interfaces"), call("network.get_hostname"));
        assertTrue(r.get(0).get("ok") instanceof List<?>);
        assertTrue(((List<?>) r.get(1).get("ok")).contains("127.0.0.1"));
        assertTrue(((Map<?, ?>) r.get(2).get("ok")).containsKey("lo"));
        assertFalse(String.valueOf(r.get(3).get("ok")).isEmpty());
        assertEquals("fe80::1", RenderCalls.compressV6("fe80:0:0:0:0:0:0:1"));
        assertEquals("1:0:0:1::1", RenderCalls.compressV6("1:0:0:1:0:0:0:1"));
        assertEquals("::", RenderCalls.compressV6("0:0:0:0:0:0:0:0"));
    }
}
