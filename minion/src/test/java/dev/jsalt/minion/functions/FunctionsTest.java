package dev.jsalt.minion.functions;

import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.minion.exec.CommandRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FunctionsTest {
    @TempDir
    Path dir;

    private static JobRequest job(String fun, List<Object> args, Map<String, Object> kwargs) {
        return new JobRequest("j1", "m1", fun, args, kwargs, 0, Long.MAX_VALUE, "n");
    }

    private FunctionResult call(JobRequest job) throws Exception {
        FunctionContext ctx = new FunctionContext("m1", new CommandRunner(), Map::of, dir, s -> s);
        return new Functions().get(job.fun()).orElseThrow().call(job, ctx);
    }

    @Test
    void flagsReadLikeStateBooleansAndNameTheKwargWhenBad() {
        assertTrue(Functions.flag(job("state.apply", List.of(), Map.of("test", "on")), "test"));
        assertTrue(Functions.flag(job("state.apply", List.of(), Map.of("test", true)), "test"));
        assertFalse(Functions.flag(job("state.apply", List.of(), Map.of("test", "False")), "test"));
        assertFalse(Functions.flag(job("state.apply", List.of(), Map.of()), "test"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Functions.flag(job("state.apply", List.of(), Map.of("test", "maybe")), "test"));
        assertEquals("state.apply: test must be true or false, got 'maybe'", e.getMessage());
    }

    @Test
    void cmdRunWithShellAndTimeout() throws Exception {
        FunctionResult r = call(job("cmd.run", List.of("echo a | tr a b"), Map.of("shell", "yes", "timeout", "5")));
        assertTrue(r.success());
        assertEquals("b\n", ((Map<?, ?>) r.result()).get("stdout"));
        assertEquals(Duration.ofSeconds(5), Functions.seconds(job("cmd.run", List.of(), Map.of("timeout", 5)), "timeout"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> call(job("cmd.run", List.of("true"), Map.of("timeout", "5m"))));
        assertEquals("cmd.run: timeout must be a number of seconds, got '5m'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> call(job("test.sleep", List.of("soon"), Map.of())));
        assertEquals("test.sleep takes 0 to 86400 seconds, got 'soon'", e.getMessage());
    }

    @Test
    void aLazyFunctionIsMadeOnItsFirstCallOnlyAndOnceWhenCalledAtTheSameTime() throws Exception {
        java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        ExecFunction lazy = Functions.lazily(() -> {
            made.incrementAndGet();
            return (job, ctx) -> FunctionResult.ok(job.args().get(0));
        });
        assertEquals(0, made.get(), "nothing is made before the first call");
        FunctionContext ctx = new FunctionContext("m1", new CommandRunner(), Map::of, dir, s -> s);
        List<Thread> callers = new java.util.ArrayList<>();
        java.util.Queue<Object> answers = new java.util.concurrent.ConcurrentLinkedQueue<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    answers.add(lazy.call(job("x.y", List.of(n), Map.of()), ctx).result());
                } catch (Exception e) {
                    answers.add(e);
                }
            });
            t.start();
            callers.add(t);
        }
        go.countDown();
        for (Thread t : callers) t.join(10_000);
        assertEquals(1, made.get());
        assertEquals(8, answers.size());
        assertTrue(answers.containsAll(List.of(0, 1, 2, 3, 4, 5, 6, 7)), answers::toString);
    }
}
