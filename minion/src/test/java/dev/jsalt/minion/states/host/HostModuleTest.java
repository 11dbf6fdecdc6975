package dev.jsalt.minion.states.host;

import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.FakeRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.jsalt.common.state.Outcome.CHANGED;
import static dev.jsalt.common.state.Outcome.UNCHANGED;
import static dev.jsalt.common.state.Outcome.WOULD_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostModuleTest {
    static final String HOSTS = "# static table\n127.0.0.1\tlocalhost\n127.0.1.1\tdeb12\n\n::1     localhost ip6-localhost  # v6\n";
    @TempDir
    Path dir;
    Path file;
    Apply host;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("hosts");
        Files.writeString(file, HOSTS);
        host = new Apply(new HostModule(file), new FakeRunner(), dir);
    }

    String text() throws Exception { return Files.readString(file); }

    @Test
    void presentAddsTheNameToAnExistingAddressAndANewOneThenNothing() throws Exception {
        StateOutcome would = host.expect(WOULD_CHANGE, "present", "salt", true, "ip", List.of("127.0.1.1", "10.0.0.5"));
        assertEquals(HOSTS, text(), "a test run changes nothing");
        assertTrue(would.comment().contains("Host salt (10.0.0.5) would be added"), would.comment());
        StateOutcome done = host.expect(CHANGED, "present", "salt", false, "ip", List.of("127.0.1.1", "10.0.0.5"));
        assertEquals(Map.of("added", Map.of("127.0.1.1", List.of("salt"), "10.0.0.5", List.of("salt"))), done.changes());
        assertTrue(done.comment().contains("Added host salt (10.0.0.5)"), done.comment());
        assertEquals("# static table\n127.0.0.1\tlocalhost\n127.0.1.1\tdeb12 salt\n\n::1     localhost ip6-localhost  # v6\n10.0.0.5\tsalt\n", text());
        StateOutcome again = host.expect(UNCHANGED, "present", "salt", false, "ip", List.of("127.0.1.1", "10.0.0.5"));
        assertEquals("Host salt (127.0.1.1) already present\nHost salt (10.0.0.5) already present", again.comment());
        host.expect(UNCHANGED, "present", "salt", true, "ip", "10.0.0.5");
    }

    @Test
    void theNameOnAnotherAddressIsAWarningUnlessClean() throws Exception {
        StateOutcome warned = host.expect(CHANGED, "present", "deb12", false, "ip", "127.0.0.1");
        assertTrue(warned.comment().contains("Host deb12 present for IP address 127.0.1.1. To get rid of this warning"), warned.comment());
        assertTrue(text().contains("127.0.0.1\tlocalhost deb12"), text());
        StateOutcome still = host.expect(UNCHANGED, "present", "deb12", false, "ip", "127.0.0.1");
        assertTrue(still.comment().contains("To get rid of this warning"), still.comment());
        assertTrue(text().contains("127.0.1.1\tdeb12"), text());
        StateOutcome cleaned = host.expect(CHANGED, "present", "deb12", false, "ip", "127.0.0.1", "clean", true);
        assertEquals(Map.of("removed", Map.of("127.0.1.1", List.of("deb12"))), cleaned.changes());
        assertTrue(!text().contains("127.0.1.1"), "a line without names goes: " + text());
        host.expect(UNCHANGED, "present", "deb12", false, "ip", "127.0.0.1", "clean", true);
    }

    @Test
    void commentsAreSetOnTheAddressLine() throws Exception {
        StateOutcome c = host.expect(CHANGED, "present", "db", false, "ip", "10.1.1.1", "comment", "the database");
        assertEquals(Map.of("added", Map.of("10.1.1.1", List.of("db")), "comment_added", Map.of("10.1.1.1", List.of("the database"))), c.changes());
        assertTrue(text().endsWith("10.1.1.1\tdb\t# the database\n"), text());
        host.expect(UNCHANGED, "present", "db", false, "ip", "10.1.1.1", "comment", "the database");
        host.expect(CHANGED, "present", "db", false, "ip", "10.1.1.1", "comment", "primary");
        assertTrue(text().endsWith("10.1.1.1\tdb\t# primary\n"), text());
    }

    @Test
    void absentRemovesOnlyThatPair() throws Exception {
        host.expect(WOULD_CHANGE, "absent", "ip6-localhost", true, "ip", "::1");
        assertEquals(HOSTS, text());
        StateOutcome a = host.expect(CHANGED, "absent", "ip6-localhost", false, "ip", List.of("::1", "10.9.9.9"));
        assertEquals(Map.of("host", "ip6-localhost"), a.changes());
        assertEquals("Removed host ip6-localhost (::1)\nHost ip6-localhost (10.9.9.9) already absent", a.comment());
        assertTrue(text().contains("::1\tlocalhost\t# v6"), text());
        host.expect(UNCHANGED, "absent", "ip6-localhost", false, "ip", "::1");
    }

    @Test
    void onlySetsExactlyTheseNamesOrNone() throws Exception {
        StateOutcome w = host.expect(WOULD_CHANGE, "only", "127.0.1.1", true, "hostnames", List.of("foo.example.com", "foo"));
        assertEquals("Would change 127.0.1.1 from \"deb12\" to \"foo.example.com foo\"", w.comment());
        StateOutcome o = host.expect(CHANGED, "only", "127.0.1.1", false, "hostnames", List.of("foo.example.com", "foo"));
        assertEquals(Map.of("127.0.1.1", Map.of("old", "deb12", "new", "foo.example.com foo")), o.changes());
        assertTrue(text().contains("127.0.1.1\tfoo.example.com foo\n"), text());
        host.expect(UNCHANGED, "only", "127.0.1.1", false, "hostnames", List.of("foo.example.com", "foo"));
        host.expect(CHANGED, "only", "127.0.1.1", false, "hostnames", List.of());
        assertTrue(!text().contains("127.0.1.1"), text());
        host.expect(UNCHANGED, "only", "127.0.1.1", false, "hostnames", List.of());
    }

    /** A bad argument throws; the engine reports the message as the failure. */
    private String fails(String fn, String name, Object... kv) {
        return org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> host.run(fn, name, false, kv)).getMessage();
    }

    @Test
    void badAddressesAndNamesFail() throws Exception {
        assertTrue(fails("present", "x", "ip", "300.1.1.1").contains("invalid IP address '300.1.1.1'"));
        assertTrue(fails("present", "x", "ip", "db.example.com").contains("invalid IP address"));
        assertTrue(fails("present", "a b", "ip", "10.0.0.1").contains("one host name"));
        assertTrue(fails("only", "nope", "hostnames", "x").contains("must be an IP address"));
        assertEquals(HOSTS, text());
    }
}
