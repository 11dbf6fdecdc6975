package dev.jsalt.minion.states.pkgrepo;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.LoopbackHttp;
import dev.jsalt.minion.states.sys.SystemRoot;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real apt-get against a flat file: repository built here with dpkg-deb and dpkg-scanpackages; the module's /etc/apt,
 * lists and cache live under a temporary root, so this machine's apt configuration is never read or written.
 */
class PkgrepoModuleTest {
    @TempDir
    Path dir;
    Path root;
    Path repo;
    Apply pkgrepo;
    final CommandRunner runner = new CommandRunner();

    @BeforeEach
    void setUp() throws Exception {
        root = dir.resolve("root");
        Files.createDirectories(root.resolve("etc/apt/sources.list.d"));
        Files.writeString(root.resolve("etc/apt/sources.list"), "# main list\ndeb http://deb.example.org/debian bookworm main\n");
        pkgrepo = new Apply(new PkgrepoModule(new SystemRoot(root)), runner, dir.resolve("state"));
    }

    /** A flat repository holding one tiny package; readable by apt's _apt user. */
    Path flatRepo() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-scanpackages")), "dpkg-dev is not installed");
        Path pkg = dir.resolve("pkg");
        Files.createDirectories(pkg.resolve("DEBIAN"));
        Files.writeString(pkg.resolve("DEBIAN/control"), "Package: jsalt-probe\nVersion: 1.0\nArchitecture: all\n"
                + "Maintainer: jsalt <jsalt@example.org>\nDescription: probe\n");
        Path r = dir.resolve("repo");
        Files.createDirectories(r);
        ok(CommandSpec.of("dpkg-deb", "--build", pkg.toString(), r.resolve("jsalt-probe_1.0_all.deb").toString()));
        CommandResult scan = ok(CommandSpec.of("dpkg-scanpackages", "--multiversion", ".").withCwd(r));
        Files.writeString(r.resolve("Packages"), scan.stdout());
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.toList()) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        return r;
    }

    CommandResult ok(CommandSpec spec) throws Exception {
        CommandResult r = runner.run(spec);
        assertTrue(r.ok(), spec.argv() + ": " + r.stderr());
        return r;
    }

    String text(String file) throws Exception { return Files.readString(root.resolve(file.substring(1))); }

    @Test
    void aNewSourceIsWrittenThenUpdatedOnceAndIsThenInSync() throws Exception {
        repo = flatRepo();
        String line = "deb [trusted=yes] file:" + repo + " ./";
        String file = "/etc/apt/sources.list.d/probe.list";
        StateOutcome would = pkgrepo.expect(WOULD_CHANGE, "managed", line, true, "file", file);
        assertTrue(would.comment().startsWith("Package repo '" + line + "' would be configured."), would.comment());
        assertFalse(Files.exists(root.resolve("etc/apt/sources.list.d/probe.list")), "a test run writes nothing");

        StateOutcome done = pkgrepo.expect(CHANGED, "managed", line, false, "file", file);
        assertEquals(Map.of("repo", line), done.changes());
        assertEquals("Configured package repo '" + line + "'", done.comment());
        assertEquals(line + "\n", text(file));
        try (Stream<Path> lists = Files.list(root.resolve("var/lib/apt/lists"))) {
            assertTrue(lists.anyMatch(p -> p.getFileName().toString().contains("_Packages")), "apt-get update fetched the repository's index");
        }
        assertEquals("# main list\ndeb http://deb.example.org/debian bookworm main\n", text("/etc/apt/sources.list"));

        pkgrepo.expect(UNCHANGED, "managed", line, false, "file", file);
        StateOutcome same = pkgrepo.expect(UNCHANGED, "managed", line, true, "file", file);
        assertEquals("Package repo '" + line + "' already configured", same.comment());
    }

    @Test
    void aFailedUpdateFailsTheStateAndAnUnchangedSourceRunsNoUpdate() throws Exception {
        String line = "deb file:" + dir.resolve("nowhere") + " ./";
        String file = "/etc/apt/sources.list.d/nowhere.list";
        StateOutcome failed = pkgrepo.expect(FAILED, "managed", line, false, "file", file);
        assertTrue(failed.comment().contains("apt-get update failed"), failed.comment());
        // the entry is in place now: nothing to change, so no update runs (it would fail again)
        pkgrepo.expect(UNCHANGED, "managed", line, false, "file", file);
        // a suite is part of what names a source: another one is another entry
        pkgrepo.expect(CHANGED, "managed", line, false, "file", file, "comps", "main", "dist", "stable", "refresh", false);
        assertEquals("deb file:" + dir.resolve("nowhere") + " ./\ndeb file:" + dir.resolve("nowhere") + " stable main\n", text(file));
    }

    @Test
    void anExistingEntryIsEditedWhereItIs() throws Exception {
        String line = "deb http://deb.example.org/debian/ bookworm main contrib";
        StateOutcome t = pkgrepo.expect(WOULD_CHANGE, "managed", line, true, "refresh", false, "file", "/etc/apt/sources.list.d/x.list");
        assertEquals(Map.of("line", Map.of("old", "deb http://deb.example.org/debian bookworm main", "new", line)), t.changes());
        pkgrepo.expect(CHANGED, "managed", line, false, "refresh", false, "file", "/etc/apt/sources.list.d/x.list");
        assertEquals("# main list\n" + line + "\n", text("/etc/apt/sources.list"));
        assertFalse(Files.exists(root.resolve("etc/apt/sources.list.d/x.list")));
        // components in another order are the same entry
        pkgrepo.expect(UNCHANGED, "managed", "deb http://deb.example.org/debian bookworm contrib main", false, "refresh", false);
        pkgrepo.expect(CHANGED, "managed", line, false, "refresh", false, "architectures", "amd64,arm64", "disabled", true);
        assertEquals("# main list\n# deb [arch=amd64,arm64] http://deb.example.org/debian/ bookworm main contrib\n", text("/etc/apt/sources.list"));
        pkgrepo.expect(UNCHANGED, "managed", line, false, "refresh", false, "architectures", List.of("amd64", "arm64"), "enabled", false);
    }

    static final byte[] KEY = "not really an OpenPGP packet, but binary enough".getBytes(StandardCharsets.US_ASCII);

    static String armored(byte[] key) {
        return Keyring.BEGIN + "\nComment: probe\n\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key) + "\n=AbCd\n" + Keyring.END + "\n";
    }

    @Test
    void aKeyIsDearmoredIntoTheSignedByKeyringFromTextOrAnHttpUrl() throws Exception {
        String line = "deb [signed-by=/etc/apt/keyrings/../keyrings/probe.gpg] http://deb.example.org/probe bookworm main";
        String file = "/etc/apt/sources.list.d/probe.list";
        pkgrepo.expect(WOULD_CHANGE, "managed", line, true, "file", file, "key_text", armored(KEY), "refresh", false);
        assertFalse(Files.exists(root.resolve("etc/apt/keyrings/probe.gpg")));
        StateOutcome done = pkgrepo.expect(CHANGED, "managed", line, false, "file", file, "key_text", armored(KEY), "refresh", false);
        assertEquals(Map.of("keyring", "/etc/apt/keyrings/probe.gpg", "repo", line), done.changes());
        assertArrayEquals(KEY, Files.readAllBytes(root.resolve("etc/apt/keyrings/probe.gpg")));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/apt/keyrings/probe.gpg"))));
        pkgrepo.expect(UNCHANGED, "managed", line, false, "file", file, "key_text", armored(KEY), "refresh", false);
        assertEquals("deb [signed-by=/etc/apt/keyrings/probe.gpg] http://deb.example.org/probe bookworm main\n", text(file));

        byte[] rotated = "another key".getBytes(StandardCharsets.US_ASCII);
        try (LoopbackHttp http = LoopbackHttp.serve("/key.asc", () -> armored(rotated).getBytes(StandardCharsets.US_ASCII))) {
            String url = http.url();
            StateOutcome rekey = pkgrepo.expect(CHANGED, "managed", line, false, "file", file, "key_url", url, "refresh", false);
            assertEquals(Map.of("keyring", "/etc/apt/keyrings/probe.gpg"), rekey.changes());
            assertArrayEquals(rotated, Files.readAllBytes(root.resolve("etc/apt/keyrings/probe.gpg")));
            pkgrepo.expect(UNCHANGED, "managed", line, false, "file", file, "key_url", url, "refresh", false);
        }
        // no signed-by: apt-key's place, a file of its own in trusted.gpg.d; aptkey: false refuses
        String plain = "deb http://deb.example.org/other bookworm main";
        pkgrepo.expect(CHANGED, "managed", plain, false, "file", "/etc/apt/sources.list.d/other.list", "key_text", armored(KEY), "refresh", false);
        assertArrayEquals(KEY, Files.readAllBytes(root.resolve("etc/apt/trusted.gpg.d/other.gpg")));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> pkgrepo.run("managed", plain, false, "key_text", armored(KEY), "aptkey", false));
        assertTrue(refused.getMessage().contains("aptkey"), refused.getMessage());
    }

    @Test
    void absentRemovesComponentsThenTheEntryThenAnEmptyFile() throws Exception {
        Files.writeString(root.resolve("etc/apt/sources.list.d/x.list"), "deb http://x.example.org/d bookworm main contrib\n");
        String file = "/etc/apt/sources.list.d/x.list";
        pkgrepo.expect(WOULD_CHANGE, "absent", "deb http://x.example.org/d bookworm contrib", true);
        pkgrepo.expect(CHANGED, "absent", "deb http://x.example.org/d bookworm contrib", false);
        assertEquals("deb http://x.example.org/d bookworm main\n", text(file));
        StateOutcome none = pkgrepo.expect(UNCHANGED, "absent", "deb http://x.example.org/d bookworm contrib", false);
        assertEquals("Package repo deb http://x.example.org/d bookworm contrib is absent", none.comment());
        StateOutcome gone = pkgrepo.expect(CHANGED, "absent", "deb http://x.example.org/d/ bookworm main", false);
        assertEquals(Map.of("repo", "deb http://x.example.org/d/ bookworm main"), gone.changes());
        assertFalse(Files.exists(root.resolve("etc/apt/sources.list.d/x.list")), "a sources.list.d file left empty goes");
        pkgrepo.expect(UNCHANGED, "absent", "deb http://x.example.org/d bookworm main", false);
        assertEquals("# main list\ndeb http://deb.example.org/debian bookworm main\n", text("/etc/apt/sources.list"));
    }

    @Test
    void badArgumentsAreRefused() {
        assertTrue(refused("managed", "ppa:foo/bar").contains("is not an apt source line"));
        assertTrue(refused("managed", "deb http://x/ bookworm main", "file", "sources.list.d/x.list").contains("must be an absolute path"));
        assertTrue(refused("managed", "deb http://x/ bookworm main", "file", "/etc/apt/x.sources").contains(".list"));
        assertTrue(refused("managed", "deb http://x/ bookworm").contains("needs components"));
        assertTrue(refused("managed", "deb http://x/ bookworm main", "key_url", "salt://k.asc").contains("salt://"));
        assertTrue(refused("managed", "deb http://x/ bookworm main", "enabled", true, "disabled", false).contains("Only one of enabled/disabled"));
        assertTrue(refused("absent", "# deb http://x/ bookworm main").contains("is not an apt source line"));
    }

    /** The message of the exception planning throws (the engine reports it as the state's failure). */
    String refused(String fn, String name, Object... kv) {
        return assertThrows(IllegalArgumentException.class, () -> pkgrepo.run(fn, name, false, kv)).getMessage();
    }
}
