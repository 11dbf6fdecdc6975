package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** replace, append, prepend, comment, uncomment, keyvalue, touch, accumulated on real files in a temp dir. */
class FileEditsTest {
    @TempDir
    Path dir;

    private StateResult apply(String fn, Path path, boolean test, Object... kv) {
        return Res.apply(Res.of("file", fn, path.toString(), args(kv)), test, dir.resolve("state"));
    }

    /** Test run changes nothing and predicts the changes; the real run makes them; the second run has nothing to do. */
    private StateResult converge(String fn, Path path, Object... kv) throws Exception {
        byte[] before = Files.exists(path) ? Files.readAllBytes(path) : null;
        StateResult t = apply(fn, path, true, kv);
        assertEquals(Outcome.WOULD_CHANGE, t.outcome(), t.comment());
        if (before == null) assertTrue(!Files.exists(path), "test mode created the file");
        else assertEquals(new String(before), Files.readString(path), "test mode changed the file");
        StateResult r = apply(fn, path, false, kv);
        assertEquals(Outcome.CHANGED, r.outcome(), r.comment());
        assertEquals(t.changes().keySet(), r.changes().keySet());
        StateResult again = apply(fn, path, false, kv);
        assertEquals(Outcome.UNCHANGED, again.outcome(), again.comment());
        return r;
    }

    @Test
    void replaceUsesPythonSyntaxAndIsIdempotent() throws Exception {
        Path f = dir.resolve("pam.conf");
        Files.writeString(f, "a = 1\nrequire_membership_of = admins\nb = 2\n");
        StateResult r = converge("replace", f, "pattern", "^(require_membership_of = )(admins)$", "repl", "\\1\\2,ops");
        assertEquals("Changes were made", r.comment());
        assertTrue(r.changes().get("diff").toString().contains("+require_membership_of = admins,ops"));
        assertEquals("a = 1\nrequire_membership_of = admins,ops\nb = 2\n", Files.readString(f));
        // the pattern still matches: a second run with a replacement that keeps the text is in sync
        StateResult same = apply("replace", f, false, "pattern", "^b = (?P<v>\\d)$", "repl", "b = \\g<v>");
        assertEquals(Outcome.UNCHANGED, same.outcome());
        assertEquals("No changes needed to be made", same.comment());
    }

    @Test
    void replaceAppendsWhenNotFoundOnlyOnce() throws Exception {
        Path f = dir.resolve("sysctl.conf");
        Files.writeString(f, "# nothing\nx=1");
        converge("replace", f, "pattern", "^net.ipv4.ip_forward.*", "repl", "net.ipv4.ip_forward = 1",
                "append_if_not_found", true);
        assertEquals("# nothing\nx=1\nnet.ipv4.ip_forward = 1\n", Files.readString(f));
        converge("replace", f, "pattern", "^fs.x.*", "repl", "fs.x = 3", "prepend_if_not_found", true,
                "not_found_content", "fs.x = 3");
        assertTrue(Files.readString(f).startsWith("fs.x = 3\n"));
    }

    @Test
    void replaceFlagsCountAndLiteralBackslashes() throws Exception {
        Path f = dir.resolve("f");
        Files.writeString(f, "A a a\n");
        assertEquals(Outcome.CHANGED, apply("replace", f, false, "pattern", "a", "repl", "b", "flags", List.of("IGNORECASE"), "count", 2).outcome());
        assertEquals("b b a\n", Files.readString(f));
        assertEquals(Outcome.CHANGED, apply("replace", f, false, "pattern", "a$", "repl", "c:\\d\\1", "backslash_literal", true).outcome());
        assertEquals("b b c:\\d\\1\n", Files.readString(f));
    }

    @Test
    void replaceOnAMissingFileFailsUnlessIgnored() {
        Path f = dir.resolve("missing");
        StateResult r = apply("replace", f, false, "pattern", "x", "repl", "y");
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals(f + ": file not found", r.comment());
        assertEquals(Outcome.UNCHANGED, apply("replace", f, false, "pattern", "x", "repl", "y", "ignore_if_missing", true).outcome());
    }

    @Test
    void appendAddsOnlyMissingChunksIgnoringWhitespace() throws Exception {
        Path f = dir.resolve("hosts.allow");
        Files.writeString(f, "sshd:   ALL\nfoo");
        StateResult r = converge("append", f, "text", List.of("sshd: ALL", "in.tftpd: 10.0.0.0/8\nportmap: 10.0.0.0/8"));
        assertEquals("Appended 2 lines", r.comment());
        assertEquals("sshd:   ALL\nfoo\nin.tftpd: 10.0.0.0/8\nportmap: 10.0.0.0/8\n", Files.readString(f));
    }

    @Test
    void appendCreatesAMissingFile() throws Exception {
        Path f = dir.resolve("sub/new.txt");
        StateResult r = converge("append", f, "text", "hello", "makedirs", true);
        assertEquals(f.toString(), r.changes().get("new"));
        assertEquals("hello\n", Files.readString(f));
    }

    @Test
    void prependWithAndWithoutHeader() throws Exception {
        Path f = dir.resolve("script.sh");
        Files.writeString(f, "echo hi\n");
        StateResult r = converge("prepend", f, "text", List.of("#!/bin/sh", "set -e"));
        assertEquals("Prepended 2 lines", r.comment());
        assertEquals("#!/bin/sh\nset -e\necho hi\n", Files.readString(f));
    }

    @Test
    void commentAndUncommentAsSaltDoes() throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, "Port 22\n#PermitRootLogin yes\nX11Forwarding yes\n");
        StateResult c = converge("comment", f, "regex", "^X11Forwarding");
        assertEquals("Commented lines successfully", c.comment());
        assertEquals("Port 22\n#PermitRootLogin yes\n#X11Forwarding yes\n", Files.readString(f));
        assertEquals("Pattern already commented", apply("comment", f, false, "regex", "^X11Forwarding").comment());

        StateResult u = converge("uncomment", f, "regex", "PermitRootLogin");
        assertEquals("Uncommented lines successfully", u.comment());
        assertEquals("Port 22\nPermitRootLogin yes\n#X11Forwarding yes\n", Files.readString(f));
        assertEquals("Pattern already uncommented", apply("uncomment", f, false, "regex", "PermitRootLogin").comment());

        StateResult missing = apply("comment", f, false, "regex", "^Nope");
        assertEquals(Outcome.FAILED, missing.outcome());
        assertEquals("Nope: Pattern not found", missing.comment());
        assertEquals(Outcome.UNCHANGED, apply("comment", f, false, "regex", "^Nope", "ignore_missing", true).outcome());
    }

    @Test
    void keyvalueHardensSshdConfigLikeSaltsExample() throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, "#Port 22\n# PermitRootLogin yes\nLoginGraceTime 2m\nLoginGraceTime 3m\n");
        StateResult r = converge("keyvalue", f, "key_values", Map.of("permitrootlogin", "without-password"),
                "separator", " ", "uncomment", "# ", "key_ignore_case", true, "append_if_not_found", true);
        assertEquals("Changed 1 lines", r.comment());
        assertEquals("#Port 22\nPermitRootLogin without-password\nLoginGraceTime 2m\nLoginGraceTime 3m\n", Files.readString(f));
        assertEquals("- # PermitRootLogin yes\n+ PermitRootLogin without-password\n", r.changes().get("diff"));

        // count 1: the second LoginGraceTime is removed, the first set
        converge("keyvalue", f, "key", "LoginGraceTime", "value", "1m", "separator", " ");
        assertEquals("#Port 22\nPermitRootLogin without-password\nLoginGraceTime 1m\n", Files.readString(f));
        // a new key is appended
        StateResult a = converge("keyvalue", f, "key", "UseDNS", "value", false, "separator", " ", "append_if_not_found", true);
        assertTrue(Files.readString(f).endsWith("UseDNS False\n"));
        assertEquals("- <EOF>\n+ UseDNS False\n+ <EOF>\n", a.changes().get("diff"));
    }

    @Test
    void touchCreatesThenKeepsOrSetsTimes() throws Exception {
        Path f = dir.resolve("stamp");
        StateResult r = converge("touch", f);
        assertEquals("Created empty file " + f, r.comment());
        assertEquals(Map.of("new", f.toString()), r.changes());
        StateResult t = converge("touch", f, "mtime", 1_600_000_000L, "atime", 1_600_000_000L);
        assertEquals(Map.of("touched", f.toString()), t.changes());
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(f).toMillis());
    }

    @Test
    void accumulatedOnlyReports() {
        StateResult r = Res.apply(Res.of("file", "accumulated", "acc", args("filename", "/etc/x")), false, dir);
        assertEquals(Outcome.UNCHANGED, r.outcome());
        assertEquals("Accumulator acc for file /etc/x was charged by text", r.comment());
    }
}
