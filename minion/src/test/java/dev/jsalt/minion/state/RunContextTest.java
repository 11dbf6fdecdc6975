package dev.jsalt.minion.state;

import dev.jsalt.minion.exec.CommandRunner;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RunContextTest {
    @Test
    void aFactIsComputedOncePerRunEvenWhenItIsNothing() {
        RunContext ctx = new RunContext(false, new CommandRunner(), Map.of());
        AtomicInteger calls = new AtomicInteger();
        assertNull(ctx.memo("absent", () -> { calls.incrementAndGet(); return null; }));
        assertNull(ctx.memo("absent", () -> { calls.incrementAndGet(); return null; }));
        assertEquals(1, calls.get());
        assertEquals("x", ctx.memo("present", () -> { calls.incrementAndGet(); return "x"; }));
        ctx.forget("present");
        assertEquals("x", ctx.memo("present", () -> { calls.incrementAndGet(); return "x"; }));
        assertEquals(3, calls.get());
    }
}
