package dev.jsalt.minion.states.alias;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A private aliases file, and a newaliases stand-in script that counts its runs (the machine's /etc/aliases and its
 * MTA are left alone); commands run through the real command runner.
 */
class AliasModuleTest {
    @TempDir
    Path dir;
    Path aliases;
    Path runs;
    Apply alias;

    @BeforeEach
    void setUp() throws Exception {
        aliases = dir.resolve("aliases");
        runs = dir.resolve("runs");
        Path newaliases = dir.resolve("newaliases");
        Files.writeString(newaliases, "#!/bin/sh\necho run >> '" + runs + "'\n");
        Files.setPosixFilePermissions(newaliases, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(aliases, "# See man 5 aliases for format\npostmaster:    root\nroot: admin # the admin\nlist: a,\n  b\n");
        alias = new Apply(new AliasModule(aliases, newaliases), new CommandRunner(), dir.resolve("state"));
    }

    int runs() throws Exception { return Files.exists(runs) ? Files.readAllLines(runs).size() : 0; }

    @Test
    void presentReplacesTheLineKeepingItsCommentThenIsInSync() throws Exception {
        StateOutcome t = alias.expect(Outcome.WOULD_CHANGE, "present", "root", true, "target", "info@example.com");
        assertEquals("Alias root -> info@example.com is set to be added", t.comment());
        assertEquals(0, runs());
        StateOutcome r = alias.expect(Outcome.CHANGED, "present", "root", false, "target", "info@example.com");
        assertEquals(Map.of("alias", "root"), r.changes());
        assertEquals("Set email alias root -> info@example.com", r.comment());
        assertEquals("# See man 5 aliases for format\npostmaster:    root\nroot: info@example.com # the admin\nlist: a,\n  b\n",
                Files.readString(aliases));
        assertEquals(1, runs());
        StateOutcome same = alias.expect(Outcome.UNCHANGED, "present", "root", false, "target", "info@example.com");
        assertEquals("Alias root already present", same.comment());
        alias.expect(Outcome.UNCHANGED, "present", "postmaster", false, "target", "root");
        assertEquals(1, runs());

        alias.expect(Outcome.CHANGED, "present", "ops", false, "target", List.of("a@example.com", "b@example.com"));
        assertTrue(Files.readString(aliases).endsWith("\nops: a@example.com, b@example.com\n"));
        alias.expect(Outcome.UNCHANGED, "present", "ops", false, "target", "a@example.com, b@example.com");
    }

    @Test
    void absentRemovesEveryLineOfTheAlias() throws Exception {
        Files.writeString(aliases, "root: a\nother: b\nroot: c\n");
        alias.expect(Outcome.WOULD_CHANGE, "absent", "root", true);
        StateOutcome r = alias.expect(Outcome.CHANGED, "absent", "root", false);
        assertEquals("Removed alias root", r.comment());
        assertEquals(Map.of("alias", "root"), r.changes());
        assertEquals("other: b\n", Files.readString(aliases));
        assertEquals(1, runs());
        assertEquals("Alias root already absent", alias.expect(Outcome.UNCHANGED, "absent", "root", false).comment());
    }

    @Test
    void aMissingFileIsCreated() throws Exception {
        Files.delete(aliases);
        alias.expect(Outcome.UNCHANGED, "absent", "root", true);
        alias.expect(Outcome.CHANGED, "present", "root", false, "target", "me");
        assertEquals("root: me\n", Files.readString(aliases));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(aliases)));
    }

    @Test
    void linesAsSaltReadsThem() throws Exception {
        assertEquals(new AliasModule.Entry("root", "admin", " # x"), AliasModule.entry("root: admin # x"));
        assertNull(AliasModule.entry("# comment"));
        assertNull(AliasModule.entry(""));
        assertEquals("c", AliasModule.target("root: a\nroot: c\n", "root"));
        assertFalse(AliasModule.edited("a: b\n", "x", "y").isEmpty());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> alias.run("present", "root", true, "target", ""));
        assertEquals("argument 'target' of alias.present can not be an empty string", e.getMessage());
    }
}
