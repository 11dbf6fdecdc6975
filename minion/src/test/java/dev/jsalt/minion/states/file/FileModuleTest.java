package dev.jsalt.minion.states.file;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.state.Res;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileModuleTest {
    @TempDir
    Path dir;

    private StateResult apply(String fn, Path path, boolean test, Object... kv) {
        return Res.apply(Res.of("file", fn, path.toString(), args(kv)), test, dir.resolve("state"));
    }

    /** Test mode reports the change without making it, the real run makes it, a second run finds nothing to do. */
    private StateResult converge(String fn, Path path, Object... kv) {
        StateResult t = apply(fn, path, true, kv);
        assertEquals(Outcome.WOULD_CHANGE, t.outcome(), t.comment());
        StateResult r = apply(fn, path, false, kv);
        assertEquals(Outcome.CHANGED, r.outcome(), r.comment());
        assertEquals(t.changes().keySet(), r.changes().keySet(), "test mode predicts the same changes");
        StateResult again = apply(fn, path, false, kv);
        assertEquals(Outcome.UNCHANGED, again.outcome(), again.comment());
        assertEquals(Outcome.UNCHANGED, apply(fn, path, true, kv).outcome());
        return r;
    }

    private static int mode(Path p) throws Exception {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    @Test
    void managedCreatesThenDiffsThenBacksUp() throws Exception {
        Path f = dir.resolve("app.conf");
        StateResult created = converge("managed", f, "contents", "a\nb\nc", "mode", 640);
        assertEquals("New file", created.changes().get("diff"));
        assertEquals("a\nb\nc\n", Files.readString(f));
        assertEquals(0640, mode(f));

        StateResult test = apply("managed", f, true, "contents", "a\nB\nc", "mode", "0640", "backup", "minion");
        assertEquals(Outcome.WOULD_CHANGE, test.outcome());
        assertEquals("a\nb\nc\n", Files.readString(f), "test mode changes nothing");

        StateResult upd = apply("managed", f, false, "contents", "a\nB\nc", "mode", "0640", "backup", "minion");
        assertEquals(Outcome.CHANGED, upd.outcome());
        String diff = (String) upd.changes().get("diff");
        assertTrue(diff.contains("-b\n+B\n"), diff);
        assertTrue(diff.startsWith("--- " + f), diff);
        assertEquals(0640, mode(f), "mode kept when the content changes");
        Path backupRoot = dir.resolve("state/file_backup");
        try (Stream<Path> s = Files.walk(backupRoot)) {
            List<Path> backups = s.filter(Files::isRegularFile).toList();
            assertEquals(1, backups.size());
            assertEquals("a\nb\nc\n", Files.readString(backups.get(0)));
            assertTrue(backups.get(0).toString().startsWith(backupRoot.resolve(dir.toString().substring(1)) + "/app.conf_"));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".jsalt-tmp")), "no temp files left");
        }
    }

    @Test
    void binaryContentsArriveAsBase64AndAreCopiedByteForByte() throws Exception {
        Path f = dir.resolve("logo.bin");
        byte[] bytes = {0, (byte) 0xff, (byte) 0xfe, 10, 0, 42};
        converge("managed", f, "contents_base64", java.util.Base64.getEncoder().encodeToString(bytes), "mode", "0644");
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, Files.readAllBytes(f));
    }

    @Test
    void modeAndOwnershipAloneAreFixedInPlace() throws Exception {
        Path f = dir.resolve("owned");
        Files.writeString(f, "x\n");
        StateResult r = converge("managed", f, "contents", "x", "mode", "0600", "user", "nobody", "group", "nogroup");
        assertFalse(r.changes().containsKey("diff"));
        assertEquals(Map.of("old", "root", "new", "nobody"), r.changes().get("user"));
        assertEquals("nobody", Files.getOwner(f).getName());
        assertEquals(0600, mode(f));
    }

    @Test
    void showChangesFalseAndSecretContentsHideTheDiff() throws Exception {
        Path f = dir.resolve("secret");
        Files.writeString(f, "old-password\n");
        StateResult r = apply("managed", f, false, "contents", "new-password", "show_changes", false);
        assertEquals(Outcome.CHANGED, r.outcome());
        assertFalse(r.changes().toString().contains("password"), r.changes().toString());

        // sealed contents: the engine marks the arg secret; the diff must not appear
        Resource sealed = Res.of("file", "managed", f.toString(), args("contents", Map.of("$sealed", "c2VjcmV0LXZhbHVl")));
        dev.jsalt.minion.state.StateEngine engine = new dev.jsalt.minion.state.StateEngine(
                dev.jsalt.minion.state.StateModules.standard(),
                s -> new String(java.util.Base64.getDecoder().decode(s), java.nio.charset.StandardCharsets.UTF_8));
        StateResult s = engine.run(Res.doc(sealed), Res.ctx(false, dir.resolve("state"))).get(0);
        assertEquals(Outcome.CHANGED, s.outcome(), s.comment());
        assertEquals("secret-value\n", Files.readString(f));
        assertEquals("<diff hidden: contents are secret>", s.changes().get("diff"));
    }

    @Test
    void symlinkAtAManagedPathIsNotFollowedUnlessAsked() throws Exception {
        Path victim = dir.resolve("victim");
        Files.writeString(victim, "keep\n");
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, victim);
        StateResult r = apply("managed", link, false, "contents", "evil");
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().contains("follow_symlinks"), r.comment());
        assertEquals("keep\n", Files.readString(victim));
        StateResult followed = apply("managed", link, false, "contents", "ok", "follow_symlinks", true);
        assertEquals(Outcome.CHANGED, followed.outcome());
        assertEquals("ok\n", Files.readString(victim));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void pathsMustBeAbsoluteAndNormalisedAndParentsExplicit() throws Exception {
        assertEquals(Outcome.FAILED, Res.apply(Res.of("file", "managed", "relative/x", args("contents", "x")), false, dir).outcome());
        StateResult dots = apply("managed", Path.of(dir + "/a/../b"), false, "contents", "x");
        assertEquals(Outcome.FAILED, dots.outcome());
        assertTrue(dots.comment().contains("normalised"), dots.comment());
        Path deep = dir.resolve("a/b/c.conf");
        StateResult noParent = apply("managed", deep, false, "contents", "x");
        assertEquals(Outcome.FAILED, noParent.outcome());
        assertEquals("parent directory " + dir.resolve("a/b") + " does not exist; set makedirs: true to create it", noParent.comment());
        // a test run assumes an earlier state (the package that owns the directory) creates it, as Salt's does
        StateResult wouldBe = apply("managed", deep, true, "contents", "x");
        assertEquals(Outcome.WOULD_CHANGE, wouldBe.outcome(), wouldBe.comment());
        assertFalse(Files.exists(dir.resolve("a")));
        Files.writeString(Files.createDirectories(dir.resolve("a")).resolve("b"), "a file");
        StateResult blocked = apply("managed", deep, true, "contents", "x");
        assertEquals(Outcome.FAILED, blocked.outcome(), "a parent that is a file is no assumption an earlier state fixes");
        assertTrue(blocked.comment().toLowerCase(java.util.Locale.ROOT).contains("not a directory"), blocked.comment());
        Files.delete(dir.resolve("a/b"));
        converge("managed", deep, "contents", "x", "makedirs", true);
    }

    @Test
    void directoryAbsentAndSymlink() throws Exception {
        Path d = dir.resolve("data/sub");
        converge("directory", d, "makedirs", true, "mode", "0750", "user", "nobody");
        assertEquals(0750, mode(d));
        assertEquals("nobody", Files.getOwner(d).getName());
        Files.writeString(d.resolve("inner"), "x");

        Path outside = dir.resolve("outside");
        Files.writeString(outside, "must survive");
        Files.createSymbolicLink(d.resolve("link-out"), outside);
        Path link = dir.resolve("current");
        StateResult made = converge("symlink", link, "target", d.toString());
        assertEquals(d.toString(), made.changes().get("new"));
        assertEquals(d, Files.readSymbolicLink(link));
        StateResult moved = apply("symlink", link, false, "target", outside.toString());
        assertEquals(Map.of("old", d.toString(), "new", outside.toString()), moved.changes());
        assertEquals(outside, Files.readSymbolicLink(link));

        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "x");
        assertEquals(Outcome.FAILED, apply("symlink", blocker, false, "target", "/etc").outcome());
        assertEquals(Outcome.CHANGED, apply("symlink", blocker, false, "target", "/etc", "force", true).outcome());
        assertTrue(Files.isSymbolicLink(blocker));

        converge("absent", dir.resolve("data"));
        assertFalse(Files.exists(dir.resolve("data")));
        assertEquals("must survive", Files.readString(outside), "links inside a removed tree are not followed");
        converge("absent", link);
        assertTrue(Files.exists(outside));
    }

    @Test
    void lineEnsuresReplacesAndRemoves() throws Exception {
        Path f = dir.resolve("sshd_config");
        Files.writeString(f, "Port 22\n#PermitRootLogin yes\nUsePAM yes\n");
        StateResult r = converge("line", f, "content", "PermitRootLogin no", "match", "^#?PermitRootLogin");
        assertTrue(((String) r.changes().get("diff")).contains("+PermitRootLogin no"));
        assertEquals("Port 22\nPermitRootLogin no\nUsePAM yes\n", Files.readString(f));
        converge("line", f, "content", "X11Forwarding no");
        assertTrue(Files.readString(f).endsWith("UsePAM yes\nX11Forwarding no\n"));
        converge("line", f, "mode", "absent", "match", "^UsePAM");
        converge("line", f, "mode", "replace", "match", "^Port ", "content", "Port 2222");
        assertEquals("Port 2222\nPermitRootLogin no\nX11Forwarding no\n", Files.readString(f));
        assertEquals(Outcome.UNCHANGED, apply("line", f, false, "mode", "replace", "match", "^Nope", "content", "x").outcome());
        assertEquals(Outcome.FAILED, apply("line", dir.resolve("missing"), false, "content", "x").outcome());
    }

    @Test
    void blockreplaceManagesOnlyItsBlock() throws Exception {
        Path f = dir.resolve("hosts");
        Files.writeString(f, "127.0.0.1 localhost\n");
        Object[] a = {"marker_start", "# BEGIN jsalt", "marker_end", "# END jsalt", "content", "10.0.0.1 db1\n10.0.0.2 db2\n",
                "append_if_not_found", true};
        converge("blockreplace", f, a);
        assertEquals("127.0.0.1 localhost\n# BEGIN jsalt\n10.0.0.1 db1\n10.0.0.2 db2\n# END jsalt\n", Files.readString(f));
        Files.writeString(f, Files.readString(f) + "::1 ip6-localhost\n");
        StateResult upd = apply("blockreplace", f, false, "marker_start", "# BEGIN jsalt", "marker_end", "# END jsalt",
                "content", "10.0.0.3 db3");
        assertEquals(Outcome.CHANGED, upd.outcome());
        assertEquals("127.0.0.1 localhost\n# BEGIN jsalt\n10.0.0.3 db3\n# END jsalt\n::1 ip6-localhost\n", Files.readString(f));
        Path other = dir.resolve("other");
        Files.writeString(other, "nothing\n");
        StateResult missing = apply("blockreplace", other, false, "content", "x");
        assertEquals(Outcome.FAILED, missing.outcome());
        assertTrue(missing.comment().contains("append_if_not_found"), missing.comment());
    }
}
