package dev.jsalt.minion.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateRunLockTest {
    @TempDir
    Path dir;

    @Test
    void secondRunInSameJvmIsRefusedNamingTheRunningJid() throws Exception {
        StateRunLock lock = new StateRunLock(dir);
        try (StateRunLock.Lease ignored = lock.acquire("20250101-job-1", Duration.ofSeconds(1))) {
            StateRunBusyException e = assertThrows(StateRunBusyException.class,
                    () -> new StateRunLock(dir).acquire("job-2", Duration.ofMillis(100)));
            assertEquals("20250101-job-1", e.runningJid());
            assertTrue(e.getMessage().contains("20250101-job-1"), e.getMessage());
        }
        // released: the next run gets it at once
        try (StateRunLock.Lease ignored = lock.acquire("job-3", Duration.ZERO)) {
            assertTrue(lock.lockFile().toFile().exists());
        }
    }

    @Test
    void waiterGetsTheLockWhenTheHolderFinishes() throws Exception {
        StateRunLock lock = new StateRunLock(dir);
        StateRunLock.Lease first = lock.acquire("first", Duration.ofSeconds(1));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            started.countDown();
            try (StateRunLock.Lease l = lock.acquire("second", Duration.ofSeconds(20))) {
                return "got " + (l != null);
            } catch (Exception e) {
                return e.toString();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        first.close();
        assertEquals("got true", second.get(20, TimeUnit.SECONDS));
    }

    @Test
    void anotherProcessHoldingTheLockIsSeen() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), dir.toString(), "jid-in-child")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked true", out.readLine());
            StateRunBusyException e = assertThrows(StateRunBusyException.class,
                    () -> new StateRunLock(dir).acquire("mine", Duration.ofMillis(200)));
            assertEquals("jid-in-child", e.runningJid());
            assertTrue(e.getMessage().contains("pid " + child.pid()), e.getMessage());
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) child.destroyForcibly();
        }
        try (StateRunLock.Lease ignored = new StateRunLock(dir).acquire("mine", Duration.ofSeconds(5))) {
            assertTrue(true);
        }
    }
}
