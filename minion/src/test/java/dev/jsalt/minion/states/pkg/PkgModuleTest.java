package dev.jsalt.minion.states.pkg;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Res;
import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.state.SecretOpener;
import dev.jsalt.minion.state.StateEngine;
import dev.jsalt.minion.state.StateModules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PkgModuleTest {
    /** A small real package with no dependencies beyond libc and no services. */
    private static final String PKG = "sl";

    @TempDir
    Path dir;
    private boolean touchedPkg;

    /** Counts what it runs: the real runner, observed. */
    static final class CountingRunner extends CommandRunner {
        final List<String> programs = new ArrayList<>();

        @Override
        public CommandResult run(CommandSpec spec) throws IOException {
            programs.add(spec.argv().get(0));
            return super.run(spec);
        }
    }

    @AfterEach
    void purge() throws Exception {
        if (touchedPkg) new CommandRunner().run(CommandSpec.of("apt-get", "purge", "-y", "-q", PKG));
    }

    private StateResult apply(String fn, boolean test, Object... kv) {
        return Res.apply(Res.of("pkg", fn, PKG, args(kv)), test, dir);
    }

    private static boolean installed(String name) throws IOException {
        CommandResult r = new CommandRunner().run(CommandSpec.of("dpkg-query", "-W", "-f=${db:Status-Status}", name));
        return r.ok() && r.stdout().equals("installed");
    }

    @Test
    void installLatestRemovePurgeRoundTrip() throws Exception {
        Assumptions.assumeFalse(installed(PKG), PKG + " is installed already; not touching it");
        CommandResult dl = new CommandRunner().run(CommandSpec.of("apt-get", "install", "-y", "-q", "--download-only", PKG));
        Assumptions.assumeTrue(dl.ok(), "cannot fetch " + PKG + ": " + dl.lastLine());
        touchedPkg = true;

        StateResult would = apply("installed", true);
        assertEquals(Outcome.WOULD_CHANGE, would.outcome());
        assertFalse(installed(PKG));

        StateResult inst = apply("installed", false);
        assertEquals(Outcome.CHANGED, inst.outcome(), inst.comment());
        @SuppressWarnings("unchecked")
        Map<String, Object> change = (Map<String, Object>) inst.changes().get(PKG);
        assertEquals("", change.get("old"));
        assertFalse(((String) change.get("new")).isEmpty());
        assertTrue(installed(PKG));
        assertEquals(Outcome.UNCHANGED, apply("installed", false).outcome());
        assertEquals(Outcome.UNCHANGED, apply("installed", false, "pkgs", List.of("bash", Map.of(PKG, change.get("new")))).outcome());
        assertEquals(Outcome.UNCHANGED, apply("latest", false).outcome());

        StateResult pinned = apply("installed", false, "version", "0.0.0-nope");
        assertEquals(Outcome.FAILED, pinned.outcome());

        assertEquals(Outcome.WOULD_CHANGE, apply("removed", true).outcome());
        assertTrue(installed(PKG));
        StateResult removed = apply("removed", false);
        assertEquals(Outcome.CHANGED, removed.outcome(), removed.comment());
        assertFalse(installed(PKG));
        assertEquals(Outcome.UNCHANGED, apply("removed", false).outcome());
        assertEquals(Outcome.UNCHANGED, apply("purged", false).outcome());
    }

    @Test
    void oneDpkgQueryPerRunAndNoAptWhenConverged() {
        List<Resource> rs = new ArrayList<>();
        for (String p : List.of("bash", "coreutils", "dpkg", "apt", "grep", "sed", "tar", "gzip", "findutils", "debianutils")) {
            rs.add(Res.of("pkg", "installed", p, Map.of()));
        }
        rs.add(Res.of("pkg", "installed", "multi", args("pkgs", List.of("bash", "coreutils"))));
        CountingRunner runner = new CountingRunner();
        List<StateResult> res = new StateEngine(StateModules.standard(), SecretOpener.refusing())
                .run(Res.doc(rs.toArray(Resource[]::new)), new RunContext(false, runner, Map.of(), dir));
        assertTrue(res.stream().allMatch(r -> r.outcome() == Outcome.UNCHANGED), res.toString());
        assertEquals(List.of("dpkg-query"), runner.programs);
    }

    @Test
    void parsesDpkgAndAptOutput() {
        Map<String, Dpkg.Entry> db = Dpkg.parse("libc6\tamd64\tinstalled\t2.36-9\nlibc6\ti386\tconfig-files\t2.36-9\n"
                + "old\tall\tconfig-files\t1.0\n");
        assertTrue(db.get("libc6").installed());
        assertEquals("config-files", db.get("libc6:i386").status());
        assertTrue(db.get("old").present());
        assertFalse(db.get("old").removable());

        Map<String, Apt.Policy> p = Apt.parsePolicy("""
                nginx:
                  Installed: (none)
                  Candidate: 1.22.1-9
                  Version table:
                     1.22.1-9 500
                bash:
                  Installed: 5.2.15-2+b7
                  Candidate: 5.2.15-2+b7
                """);
        assertEquals(new Apt.Policy(null, "1.22.1-9"), p.get("nginx"));
        assertEquals(new Apt.Policy("5.2.15-2+b7", "5.2.15-2+b7"), p.get("bash"));
    }

    @Test
    void versionsMatchExactlyWithOptionalEpochOrGlob() {
        assertTrue(new PkgSpec("nginx", "1.22.1-9").versionMatches("1.22.1-9"));
        assertTrue(new PkgSpec("nginx", "1.22.1-9").versionMatches("1:1.22.1-9"));
        assertTrue(new PkgSpec("nginx", "1.22*").versionMatches("1.22.1-9"));
        assertFalse(new PkgSpec("nginx", "1.2").versionMatches("1.22.1-9"));
        assertTrue(new PkgSpec("nginx", null).versionMatches("anything"));
        StateResult bad = Res.apply(Res.of("pkg", "installed", "x", args("pkgs", List.of("ok", "--evil"))), true, Path.of("/tmp"));
        assertEquals(Outcome.FAILED, bad.outcome());
        assertTrue(bad.comment().contains("not a Debian package name"), bad.comment());
        assertEquals("argument 'pkgs' of pkg.installed is invalid: not a Debian package name: '--evil'", bad.comment());
        StateResult badVersion = Res.apply(Res.of("pkg", "installed", "nginx", args("version", "1.0; reboot")), true, Path.of("/tmp"));
        assertEquals("argument 'version' of pkg.installed is invalid: not a Debian version for nginx: '1.0; reboot'",
                badVersion.comment());
    }
}
