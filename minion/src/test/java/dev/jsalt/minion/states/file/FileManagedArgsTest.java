package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** file.managed's check_cmd, tmp_ext, create, replace, makedirs with dir_mode, follow_symlinks, on real files. */
class FileManagedArgsTest {
    @TempDir
    Path dir;

    private StateResult apply(Path path, boolean test, Object... kv) {
        return Res.apply(Res.of("file", "managed", path.toString(), args(kv)), test, dir.resolve("state"));
    }

    private List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The check: a file.managed whose check fails leaves the old file byte-identical and reports the check's output. */
    @Test
    void aFailingCheckLeavesTheOldFileByteIdenticalAndReportsTheCheck() throws Exception {
        Path conf = dir.resolve("etc/sudoers");
        Files.createDirectories(conf.getParent());
        byte[] old = "Defaults env_reset\nroot ALL=(ALL) ALL\n".getBytes();
        Files.write(conf, old);
        // a checker that rejects anything containing "broken", and says why, like visudo -c -f
        String check = "/bin/sh -c 'if grep -q broken \"$1\"; then echo \"$1: syntax error near line 2\"; exit 1; fi' check";

        StateResult bad = apply(conf, false, "contents", "root ALL=(ALL) ALL\nbroken line\n", "check_cmd", check);
        assertEquals(Outcome.FAILED, bad.outcome(), bad.comment());
        assertTrue(bad.comment().startsWith("check_cmd execution failed\n"), bad.comment());
        assertTrue(bad.comment().contains("syntax error near line 2"), bad.comment());
        assertArrayEquals(old, Files.readAllBytes(conf));
        assertEquals(List.of("sudoers"), names(conf.getParent()), "the temp file is gone");
        assertTrue(bad.changes().isEmpty(), bad.changes().toString());

        StateResult test = apply(conf, true, "contents", "root ALL=(ALL) NOPASSWD: ALL\n", "check_cmd", check);
        assertEquals(Outcome.WOULD_CHANGE, test.outcome());
        assertArrayEquals(old, Files.readAllBytes(conf));

        StateResult good = apply(conf, false, "contents", "root ALL=(ALL) NOPASSWD: ALL\n", "check_cmd", check);
        assertEquals(Outcome.CHANGED, good.outcome(), good.comment());
        assertEquals("root ALL=(ALL) NOPASSWD: ALL\n", Files.readString(conf));
        assertEquals(Outcome.UNCHANGED, apply(conf, false, "contents", "root ALL=(ALL) NOPASSWD: ALL\n", "check_cmd", check).outcome());
    }

    @Test
    void tmpExtNamesTheCheckedFile() throws Exception {
        Path f = dir.resolve("nginx.conf");
        String check = "/bin/sh -c 'case \"$1\" in *.conf) exit 0;; *) echo \"not a .conf: $1\"; exit 1;; esac' check";
        StateResult without = apply(f, false, "contents", "x", "check_cmd", check);
        assertEquals(Outcome.FAILED, without.outcome());
        assertFalse(Files.exists(f));
        StateResult with = apply(f, false, "contents", "x", "check_cmd", check, "tmp_ext", ".conf");
        assertEquals(Outcome.CHANGED, with.outcome(), with.comment());
        assertEquals("x\n", Files.readString(f));
    }

    @Test
    void createFalseManagesOnlyExistingFiles() throws Exception {
        Path f = dir.resolve("optional.conf");
        StateResult r = apply(f, false, "contents", "a", "create", false);
        assertEquals(Outcome.UNCHANGED, r.outcome(), r.comment());
        assertFalse(Files.exists(f));
        Files.writeString(f, "old\n");
        assertEquals(Outcome.CHANGED, apply(f, false, "contents", "a", "create", false).outcome());
        assertEquals("a\n", Files.readString(f));
    }

    @Test
    void replaceFalseOnlyCreates() throws Exception {
        Path f = dir.resolve("seed.conf");
        assertEquals(Outcome.CHANGED, apply(f, false, "contents", "first", "replace", false).outcome());
        assertEquals(Outcome.UNCHANGED, apply(f, false, "contents", "second", "replace", false).outcome());
        assertEquals("first\n", Files.readString(f));
    }

    @Test
    void makedirsCreatesParentsWithDirModeAndOnlyInARealRun() throws Exception {
        Path f = dir.resolve("a/b/c.conf");
        assertEquals(Outcome.WOULD_CHANGE, apply(f, true, "contents", "x", "makedirs", true, "dir_mode", "0750").outcome());
        assertFalse(Files.exists(dir.resolve("a")), "a test run creates no directory");
        assertEquals(Outcome.CHANGED, apply(f, false, "contents", "x", "makedirs", true, "dir_mode", "0750").outcome());
        assertEquals(0750, (Integer) Files.getAttribute(dir.resolve("a/b"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
        assertEquals(Outcome.UNCHANGED, apply(f, false, "contents", "x", "makedirs", true, "dir_mode", "0750").outcome());
    }

    @Test
    void followSymlinksManagesTheTarget() throws Exception {
        Path real = dir.resolve("real.conf");
        Files.writeString(real, "old\n");
        Path link = dir.resolve("link.conf");
        Files.createSymbolicLink(link, real);
        assertEquals(Outcome.FAILED, apply(link, false, "contents", "new").outcome());
        assertEquals(Outcome.CHANGED, apply(link, false, "contents", "new", "follow_symlinks", true).outcome());
        assertEquals("new\n", Files.readString(real));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void contentsNewlineFalseKeepsTheBytes() throws Exception {
        Path f = dir.resolve("raw");
        assertEquals(Outcome.CHANGED, apply(f, false, "contents", "no newline", "contents_newline", false).outcome());
        assertEquals("no newline", Files.readString(f));
        assertEquals(Outcome.UNCHANGED, apply(f, false, "contents", "no newline", "contents_newline", false).outcome());
    }

    @Test
    void anUnknownOwnerIsAnAssumptionOfATestRunAndAFailureOfARealOne() throws Exception {
        Path f = dir.resolve("owned");
        assertEquals(Outcome.WOULD_CHANGE, apply(f, true, "contents", "x", "user", "jsalt-nobody-here").outcome());
        StateResult real = apply(f, false, "contents", "x", "user", "jsalt-nobody-here");
        assertEquals(Outcome.FAILED, real.outcome());
        assertEquals("user jsalt-nobody-here does not exist", real.comment());
        assertFalse(Files.exists(f), "nothing is written when an assumption does not hold");
    }
}
