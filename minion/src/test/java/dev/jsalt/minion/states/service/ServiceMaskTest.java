package dev.jsalt.minion.states.service;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.state.StateOutcome;
import dev.jsalt.minion.states.sys.Apply;
import dev.jsalt.minion.states.sys.FakeRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * service.masked / unmasked. The runtime mask is tested in a private root with a systemctl stand-in (a real runtime
 * mask without a running systemd would create /run/systemd/system, which makes the machine look systemd-booted);
 * the lasting mask runs the real systemctl on a made-up unit, removed afterwards.
 */
class ServiceMaskTest {
    @TempDir
    Path root;

    /** systemctl [un]mask [--runtime] -- NAME, acting on the private root. */
    FakeRunner fakeSystemctl() {
        return new FakeRunner(argv -> {
            if (!argv.get(0).equals("systemctl")) return null;
            boolean runtime = argv.contains("--runtime");
            Path link = root.resolve(runtime ? "run" : "etc").resolve("systemd/system").resolve(ServiceModule.unit(argv.get(argv.size() - 1)));
            try {
                Files.createDirectories(link.getParent());
                if (argv.get(1).equals("mask")) Files.createSymbolicLink(link, Path.of("/dev/null"));
                else Files.deleteIfExists(link);
            } catch (Exception e) {
                return FakeRunner.fail(e.toString());
            }
            return FakeRunner.ok("");
        });
    }

    @Test
    void runtimeMaskAndUnmaskAsSaltReportsThem() throws Exception {
        FakeRunner runner = fakeSystemctl();
        Apply svc = new Apply(new ServiceModule(root, () -> true), runner, root.resolve("state"));
        StateOutcome t = svc.expect(Outcome.WOULD_CHANGE, "masked", "foo", true, "runtime", true);
        assertEquals("Service foo would be runtime masked", t.comment());
        assertEquals(Map.of("runtime masked", Map.of("old", false, "new", true)), t.changes());
        assertTrue(runner.ran.isEmpty());
        StateOutcome m = svc.expect(Outcome.CHANGED, "masked", "foo", false, "runtime", true);
        assertEquals("Service foo was runtime masked", m.comment());
        assertEquals(List.of("systemctl mask --runtime -- foo"), runner.ran);
        assertTrue(Files.isSymbolicLink(root.resolve("run/systemd/system/foo.service")));
        assertEquals("Service foo is already runtime masked", svc.expect(Outcome.UNCHANGED, "masked", "foo", false, "runtime", true).comment());
        // the lasting mask is another one
        svc.expect(Outcome.WOULD_CHANGE, "masked", "foo", true);
        assertEquals("Service foo was already unmasked", svc.expect(Outcome.UNCHANGED, "unmasked", "foo", false).comment());

        StateOutcome u = svc.expect(Outcome.CHANGED, "unmasked", "foo.service", false, "runtime", true);
        assertEquals("Service foo.service was runtime unmasked", u.comment());
        assertEquals(Map.of("runtime masked", Map.of("old", true, "new", false)), u.changes());
        assertFalse(Files.exists(root.resolve("run/systemd/system/foo.service")));
        svc.expect(Outcome.UNCHANGED, "unmasked", "foo", false, "runtime", true);
    }

    @Test
    void withoutSystemdMaskingIsNotAvailable() throws Exception {
        Apply svc = new Apply(new ServiceModule(root, () -> false), new FakeRunner(), root.resolve("state"));
        assertEquals("Service masking not available on this minion", svc.expect(Outcome.FAILED, "masked", "foo", true).comment());
    }

    @Test
    void theRealSystemctlMasksAMadeUpUnit() throws Exception {
        String unit = "jsalt-test-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + ".service";
        Path link = Path.of("/etc/systemd/system", unit);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemctl")) || Files.isExecutable(Path.of("/bin/systemctl")));
        Apply svc = new Apply(new ServiceModule(Path.of("/"), () -> true), new CommandRunner(), root.resolve("state"));
        try {
            svc.expect(Outcome.CHANGED, "masked", unit, false);
            assertEquals(Path.of("/dev/null"), Files.readSymbolicLink(link));
            svc.expect(Outcome.UNCHANGED, "masked", unit, false);
            svc.expect(Outcome.CHANGED, "unmasked", unit, false);
            assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
            svc.expect(Outcome.UNCHANGED, "unmasked", unit, false);
        } finally {
            Files.deleteIfExists(link);
        }
    }
}
