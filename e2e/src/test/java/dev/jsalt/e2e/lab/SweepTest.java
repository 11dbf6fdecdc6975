package dev.jsalt.e2e.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A test JVM killed with SIGKILL leaves its lab behind; the next sweep removes it and nothing else. */
@ExtendWith(RequiresLab.class)
class SweepTest {

    @Test
    void sweepRemovesTheLabOfAKilledJvmButKeepsLiveLabs() throws Exception {
        String crashed = "crash" + TeardownTest.suffix();
        String orphanNs = Netns.hostNs("orphan" + TeardownTest.suffix(), "z");
        Process child = null;
        try (Lab live = Lab.up(LabSpec.builder("live" + TeardownTest.suffix()).host("k", 40).build())) {
            child = new ProcessBuilder(JvmCommand.current().java(), "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                    CrashingLabMain.class.getName(), crashed).redirectErrorStream(true).start();
            Process c = child;
            CompletableFuture<Boolean> up = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) if (line.equals("UP")) return true;
                    return false;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            assertTrue(up.get(30, TimeUnit.SECONDS), "child JVM built its lab");
            LabState st = StateStore.read(crashed).orElseThrow();
            List<Long> inits = st.hosts().stream().map(HostState::initPid).toList();

            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            // Left behind: namespaces and host inits outlive the killed JVM.
            assertTrue(Netns.list().contains(Netns.hostNs(crashed, "x")));
            assertTrue(inits.stream().allMatch(Procs::alive), "inits outlive their owner");
            // A namespace with our prefix but no state at all (killed before its first state write).
            Netns.add(orphanNs);

            SweepReport report = Lab.sweep();

            assertTrue(report.labs().contains(crashed), report.toString());
            assertTrue(report.netns().contains(orphanNs), report.toString());
            assertTrue(report.kept().contains(live.name()), report.toString());
            List<String> left = Netns.list();
            assertFalse(left.stream().anyMatch(n -> crashed.equals(Netns.labOf(n))), left.toString());
            assertFalse(left.contains(orphanNs));
            assertTrue(Procs.awaitGone(inits, Duration.ofSeconds(5)), "inits killed");
            assertFalse(Files.exists(StateStore.dir(crashed)));
            // The live lab of this JVM is untouched.
            assertEquals("k", live.host("k").check("hostname").stdout().strip());
        } finally {
            if (child != null) child.destroyForcibly();
            Lab.attach(crashed).ifPresent(Lab::down);
            if (Netns.list().contains(orphanNs)) Netns.delete(orphanNs);
        }
    }
}
