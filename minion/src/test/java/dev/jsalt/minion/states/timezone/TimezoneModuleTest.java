package dev.jsalt.minion.states.timezone;

import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.FakeRunner;
import dev.jsalt.minion.states.sys.SystemRoot;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In a private root: its own zoneinfo, /etc/localtime, /etc/timezone and /etc/adjtime. */
class TimezoneModuleTest {
    @TempDir
    Path root;
    FakeRunner runner = new FakeRunner();
    Apply tz;

    @BeforeEach
    void setUp() throws Exception {
        Path zi = Files.createDirectories(root.resolve("usr/share/zoneinfo/Europe"));
        Files.createDirectories(root.resolve("usr/share/zoneinfo/Etc"));
        Files.writeString(zi.resolve("Paris"), "TZif-paris");
        Files.writeString(root.resolve("usr/share/zoneinfo/Etc/UTC"), "TZif-utc");
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("etc/localtime"), root.resolve("usr/share/zoneinfo/Etc/UTC"));
        Files.writeString(root.resolve("etc/timezone"), "Etc/UTC\n");
        tz = new Apply(new TimezoneModule(new SystemRoot(root)), runner, root.resolve("state"));
    }

    @Test
    void setsTheZoneThenNothing() throws Exception {
        StateOutcome w = tz.expect(WOULD_CHANGE, "system", "Europe/Paris", true);
        assertEquals("Timezone Europe/Paris needs to be set", w.comment());
        assertEquals(root.resolve("usr/share/zoneinfo/Etc/UTC"), Files.readSymbolicLink(root.resolve("etc/localtime")));
        StateOutcome d = tz.expect(CHANGED, "system", "Europe/Paris", false);
        assertEquals(Map.of("timezone", "Europe/Paris"), d.changes());
        assertEquals("Set timezone Europe/Paris", d.comment());
        assertEquals(root.resolve("usr/share/zoneinfo/Europe/Paris"), Files.readSymbolicLink(root.resolve("etc/localtime")));
        assertEquals("Europe/Paris\n", Files.readString(root.resolve("etc/timezone")));
        StateOutcome same = tz.expect(UNCHANGED, "system", "Europe/Paris", false);
        assertEquals("Timezone Europe/Paris already set, UTC already set to Europe/Paris", same.comment());
        assertEquals(List.of(), runner.ran, "no systemd: no timedatectl");
    }

    @Test
    void aLocalHardwareClockIsSetToUtcButUtcFalseIsNeverEnforced() throws Exception {
        Files.writeString(root.resolve("etc/adjtime"), "0.0 0 0.0\n0\nLOCAL\n");
        tz.expect(UNCHANGED, "system", "Etc/UTC", false, "utc", false);
        StateOutcome w = tz.expect(WOULD_CHANGE, "system", "Etc/UTC", true);
        assertEquals("UTC needs to be set to true", w.comment());
        StateOutcome d = tz.expect(CHANGED, "system", "Etc/UTC", false);
        assertEquals(Map.of("utc", true), d.changes());
        assertEquals("0.0 0 0.0\n0\nUTC\n", Files.readString(root.resolve("etc/adjtime")));
        tz.expect(UNCHANGED, "system", "Etc/UTC", false);
    }

    @Test
    void withSystemdTimedatectlSetsIt() throws Exception {
        Files.createDirectories(root.resolve("run/systemd/system"));
        FakeRunner sd = new FakeRunner(argv -> argv.equals(List.of("timedatectl"))
                ? FakeRunner.ok("               Local time: Thu\n          RTC in local TZ: no\n") : null);
        Apply a = new Apply(new TimezoneModule(new SystemRoot(root)), sd, root.resolve("state"));
        a.expect(CHANGED, "system", "Europe/Paris", false);
        assertTrue(sd.ran.contains("timedatectl set-timezone Europe/Paris"), sd.ran.toString());
        assertEquals("Europe/Paris\n", Files.readString(root.resolve("etc/timezone")));
    }

    @Test
    void anUnknownZoneFailsWithSaltsWords() throws Exception {
        StateOutcome f = tz.expect(FAILED, "system", "Mars/Olympus", true);
        assertEquals("Unable to compare desired timezone 'Mars/Olympus' to system timezone: Can't find a local timezone \"Mars/Olympus\"", f.comment());
        tz.expect(FAILED, "system", "../../etc/passwd", false);
    }
}
