package dev.jsalt.minion.states.archive;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.LoopbackHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.FAILED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real tar, xz and zip archives built here, extracted by the real tar and unzip; an http source on loopback. */
class ArchiveModuleTest {
    @TempDir
    Path dir;
    Path dest;
    Apply archive;
    final CommandRunner runner = new CommandRunner();

    @BeforeEach
    void setUp() throws Exception {
        dest = dir.resolve("opt");
        archive = new Apply(new ArchiveModule(), runner, dir.resolve("state"));
    }

    /** app-VERSION/{bin/run, README} as ARCHIVE (format by its name: .tar.gz, .tar.xz or .zip). */
    Path build(String version, String name) throws Exception {
        Path src = dir.resolve("src-" + version);
        Files.createDirectories(src.resolve("app/bin"));
        Files.writeString(src.resolve("app/bin/run"), "#!/bin/sh\necho " + version + "\n");
        Files.writeString(src.resolve("app/README"), "version " + version + "\n");
        Path out = dir.resolve(name);
        List<String> argv = name.endsWith(".zip") ? List.of("zip", "-q", "-r", out.toString(), "app")
                : List.of("tar", name.endsWith(".xz") ? "-cJf" : "-czf", out.toString(), "app");
        CommandResult r = runner.run(CommandSpec.of(argv).withCwd(src));
        assertTrue(r.ok(), r.stderr());
        return out;
    }

    String sha256(Path p) throws Exception { return SourceHash.sha256(p).hex(); }

    @Test
    void extractsOnceThenSeesEveryMemberPresent() throws Exception {
        for (String name : List.of("app.tar.gz", "app.tar.xz", "app.zip")) {
            Path a = build("1", name);
            Path into = dest.resolve(name);
            StateOutcome would = archive.expect(WOULD_CHANGE, "extracted", into.toString(), true, "source", a.toString());
            assertEquals(a + " would be extracted to " + into, would.comment());
            assertFalse(Files.exists(into), "a test run extracts nothing");
            StateOutcome done = archive.expect(CHANGED, "extracted", into.toString(), false, "source", "file://" + a,
                    "source_hash", "sha256=" + sha256(a));
            assertTrue(((List<?>) done.changes().get("extracted_files")).contains("app/bin/run"), done.changes().toString());
            assertEquals("version 1\n", Files.readString(into.resolve("app/README")));
            // as in Salt, edited files are left alone while every member exists
            Files.writeString(into.resolve("app/README"), "edited");
            archive.expect(UNCHANGED, "extracted", into.toString(), false, "source", a.toString());
            Files.delete(into.resolve("app/bin/run"));
            StateOutcome again = archive.expect(CHANGED, "extracted", into.toString(), false, "source", a.toString());
            assertEquals(Map.of("extracted_files", List.of("app/bin/run")), again.changes());
            archive.expect(UNCHANGED, "extracted", into.toString(), true, "source", a.toString());
        }
    }

    @Test
    void sourceHashUpdateExtractsANewVersionAndCleanRemovesTheOld() throws Exception {
        Path v1 = build("1", "app.tar.gz");
        archive.expect(CHANGED, "extracted", dest.toString(), false, "source", v1.toString(), "source_hash_update", true);
        archive.expect(UNCHANGED, "extracted", dest.toString(), false, "source", v1.toString(), "source_hash_update", true);
        Files.writeString(dest.resolve("app/stale"), "left over");
        Path v2 = build("2", "app.tar.gz");
        archive.expect(UNCHANGED, "extracted", dest.toString(), false, "source", v2.toString());
        StateOutcome t = archive.expect(WOULD_CHANGE, "extracted", dest.toString(), true, "source", v2.toString(),
                "source_hash_update", true, "clean", true);
        assertEquals(List.of("app"), t.changes().get("removed"));
        archive.expect(CHANGED, "extracted", dest.toString(), false, "source", v2.toString(), "source_hash_update", true, "clean", true);
        assertEquals("version 2\n", Files.readString(dest.resolve("app/README")));
        assertFalse(Files.exists(dest.resolve("app/stale")));
        archive.expect(UNCHANGED, "extracted", dest.toString(), false, "source", v2.toString(), "source_hash_update", true, "clean", true);
    }

    @Test
    void anHttpSourceNeedsItsHashAndIsDownloadedOnce() throws Exception {
        Path a = build("1", "app.tar.gz");
        try (LoopbackHttp http = LoopbackHttp.serve("/app.tar.gz", () -> Files.readAllBytes(a))) {
            String url = http.url();
            IllegalArgumentException noHash = assertThrows(IllegalArgumentException.class,
                    () -> archive.run("extracted", dest.toString(), false, "source", url));
            assertTrue(noHash.getMessage().contains("please set source_hash or set skip_verify to True"), noHash.getMessage());
            IllegalStateException wrong = assertThrows(IllegalStateException.class,
                    () -> archive.run("extracted", dest.toString(), false, "source", url, "source_hash", "md5=" + "0".repeat(32)));
            assertTrue(wrong.getMessage().contains("not the source_hash"), wrong.getMessage());
            String hash = sha256(a);
            archive.expect(WOULD_CHANGE, "extracted", dest.toString(), true, "source", url, "source_hash", hash);
            archive.expect(CHANGED, "extracted", dest.toString(), false, "source", url, "source_hash", hash);
            archive.expect(UNCHANGED, "extracted", dest.toString(), false, "source", url, "source_hash", hash);
            assertEquals(2, http.gets(), "the wrong hash, then one download (by the test run) kept in the cache");
            archive.expect(UNCHANGED, "extracted", dest.toString(), false, "source", url, "skip_verify", true);
            assertEquals(3, http.gets(), "without a hash the cache cannot be trusted: downloaded again");
        }
    }

    @Test
    void ifMissingTopLevelOwnershipAndRefusals() throws Exception {
        Path a = build("1", "app.tar.gz");
        Files.createDirectories(dest);
        Files.writeString(dest.resolve("marker"), "");
        StateOutcome skipped = archive.expect(UNCHANGED, "extracted", dest.toString(), false, "source", a.toString(),
                "if_missing", dest.resolve("x/../marker").toString());
        assertEquals("Path " + dest.resolve("marker") + " exists", skipped.comment());

        Path bomb = dir.resolve("bomb.tar");
        Files.writeString(dir.resolve("one"), "1");
        Files.writeString(dir.resolve("two"), "2");
        assertTrue(runner.run(CommandSpec.of("tar", "-cf", bomb.toString(), "one", "two").withCwd(dir)).ok());
        StateOutcome refused = archive.expect(FAILED, "extracted", dest.toString(), false, "source", bomb.toString());
        assertTrue(refused.comment().startsWith("Archive does not have a single top-level directory"), refused.comment());
        archive.expect(CHANGED, "extracted", dest.toString(), false, "source", bomb.toString(), "enforce_toplevel", false);
        assertEquals("2", Files.readString(dest.resolve("two")));

        archive.expect(CHANGED, "extracted", dest.toString(), false, "source", a.toString(), "user", "nobody", "group", "nogroup");
        assertEquals("nobody", Files.getOwner(dest.resolve("app/bin/run")).getName());
        archive.expect(UNCHANGED, "extracted", dest.toString(), false, "source", a.toString(), "user", "nobody", "group", "nogroup");
        StateOutcome chown = archive.expect(CHANGED, "extracted", dest.toString(), false, "source", a.toString(), "user", "root");
        assertEquals(Map.of("updated ownership", true), chown.changes());
        assertEquals("root", Files.getOwner(dest.resolve("app/bin/run")).getName());
        archive.expect(WOULD_CHANGE, "extracted", dest.toString(), true, "source", a.toString(), "user", "jsaltnosuchuser");
        archive.expect(FAILED, "extracted", dest.toString(), false, "source", a.toString(), "user", "jsaltnosuchuser");

        Path evil = dir.resolve("evil.tar");
        assertTrue(runner.run(CommandSpec.of("tar", "-cPf", evil.toString(), "../" + dir.getFileName() + "/one").withCwd(dir)).ok());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> archive.run("extracted", dest.toString(), false, "source", evil.toString(), "enforce_toplevel", false))
                .getMessage().contains("outside its directory"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> archive.run("extracted", "opt", false, "source", a.toString())).getMessage().contains("absolute"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> archive.run("extracted", dest.toString(), false, "source", "salt://app.tar.gz")).getMessage().contains("salt://"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> archive.run("extracted", dest.toString(), false, "source", dir.resolve("app.rar").toString()))
                .getMessage().contains("archive_format"));
    }
}
