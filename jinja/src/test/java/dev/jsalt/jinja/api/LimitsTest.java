package dev.jsalt.jinja.api;

import dev.jsalt.jinja.CancelToken;
import dev.jsalt.jinja.Environment;
import dev.jsalt.jinja.LimitExceededError;
import dev.jsalt.jinja.Limits;
import dev.jsalt.jinja.PythonError;
import dev.jsalt.jinja.RenderCancelledError;
import dev.jsalt.jinja.RenderRequest;
import dev.jsalt.jinja.Template;
import dev.jsalt.jinja.TemplateLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bounds on hostile templates: each is a distinct error naming the bound, with template name and line. */
class LimitsTest {
    private static Environment env(Limits limits) {
        return Environment.builder().limits(limits).build();
    }

    @Test
    void loopIterations() {
        Template t = env(Limits.DEFAULT.withMaxLoopIterations(1000)).fromString("x\n{% for i in range(100) %}{% for j in range(100) %}{% endfor %}{% endfor %}");
        LimitExceededError e = assertThrows(LimitExceededError.class, () -> t.render(Map.of()));
        assertEquals("max loop iterations", e.limit());
        assertEquals(1000, e.value());
        assertEquals("limit exceeded: max loop iterations (1000)", e.getMessage());
        assertEquals(2, e.line());
        // under the bound it renders
        assertEquals("x\n", env(Limits.DEFAULT.withMaxLoopIterations(10_100)).fromString(
                "x\n{% for i in range(100) %}{% for j in range(100) %}{% endfor %}{% endfor %}").render(Map.of()));
    }

    @Test
    void appendingWhileIteratingIsBounded() {
        Template t = env(Limits.DEFAULT.withMaxLoopIterations(10_000)).fromString("{% set l = [1] %}{% for x in l %}{% do l.append(x) %}{% endfor %}");
        assertEquals("max loop iterations", assertThrows(LimitExceededError.class, () -> t.render(Map.of())).limit());
    }

    @Test
    void outputSize() {
        Environment env = env(Limits.DEFAULT.withMaxOutputChars(1000));
        assertEquals("max output characters", assertThrows(LimitExceededError.class,
                () -> env.fromString("{% for i in range(500) %}ab{% endfor %}x").render(Map.of())).limit());
        // a single string built by an operation is bounded before it is built
        assertEquals("max output characters", assertThrows(LimitExceededError.class,
                () -> env.fromString("{% set s = 'x' * 100000000000 %}").render(Map.of())).limit());
        assertEquals("max output characters", assertThrows(LimitExceededError.class,
                () -> env.fromString("{{ 'x'.center(5000) }}").render(Map.of())).limit());
        assertEquals("max output characters", assertThrows(LimitExceededError.class,
                () -> env.fromString("{{ '%5000d' % 1 }}").render(Map.of())).limit());
        assertEquals("max output characters", assertThrows(LimitExceededError.class,
                () -> env.fromString("{{ ('x' * 600)|replace('x', 'xx') }}").render(Map.of())).limit());
        assertEquals("max output characters", assertThrows(LimitExceededError.class,
                () -> env.fromString("{% set l = ['x' * 600] * 2 %}{{ l|join }}").render(Map.of())).limit());
        assertEquals("max output characters", assertThrows(LimitExceededError.class,
                () -> env.fromString("{{ [1, 2] * 9223372036854775807 }}").render(Map.of())).limit());
        for (String hostile : new String[] {"{{ '\t'.expandtabs(100000000) }}", "{{ 'a b c d'|wordwrap(1, wrapstring='x' * 900) }}",
                "{{ range(100)|list|tojson(100000) }}", "{{ [1]|slice(100000000)|list }}"}) {
            assertEquals("max output characters", assertThrows(LimitExceededError.class, () -> env.fromString(hostile).render(Map.of()),
                    hostile).limit(), hostile);
        }
        // quadratic-regex shapes run in linear time
        assertEquals("", Environment.salt().fromString("{{ ('<' * 200000)|striptags|trim }}").render(Map.of()).substring(0, 0));
        assertEquals("0.0", Environment.salt().fromString("{{ ('1' * 100000 + 'x')|float }}").render(Map.of()));
        // a deeply nested value printed: the Java stack is bounded, never a StackOverflowError
        Environment deep = env(Limits.DEFAULT);
        assertThrows(LimitExceededError.class, () -> deep.fromString(
                "{% set ns = namespace(l=[]) %}{% for i in range(1000) %}{% for j in range(200) %}{% set ns.l = [ns.l] %}{% endfor %}{% endfor %}{{ ns.l }}").render(Map.of()));
    }

    @Test
    void macroRecursion() {
        Template t = env(Limits.DEFAULT.withMaxRecursionDepth(50)).fromString("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
        LimitExceededError e = assertThrows(LimitExceededError.class, () -> t.render(Map.of()));
        assertEquals("max recursion depth", e.limit());
        assertEquals(50, e.value());
        assertEquals(1, e.line());
    }

    @Test
    void deepRecursionWithAHighBoundNeverOverflowsTheJavaStack() {
        Template t = env(Limits.DEFAULT.withMaxRecursionDepth(1_000_000)).fromString(
                "{% macro f(n) %}{% for i in [1] %}{% if true %}{{ f(n + 1)|upper }}{% endif %}{% endfor %}{% endmacro %}{{ f(0) }}");
        LimitExceededError e = assertThrows(LimitExceededError.class, () -> t.render(Map.of()));
        assertEquals("max recursion depth", e.limit());
    }

    @Test
    void includeCycleNamesTheChain() {
        Environment env = Environment.builder().limits(Limits.DEFAULT.withMaxRecursionDepth(20))
                .loader(TemplateLoader.ofMap(Map.of("a.sls", "{% include 'b.sls' %}", "b.sls", "{% include 'a.sls' %}"))).build();
        LimitExceededError e = assertThrows(LimitExceededError.class, () -> env.getTemplate("a.sls").render(Map.of()));
        assertEquals("max recursion depth", e.limit());
        assertTrue(e.getMessage().contains("template chain b.sls -> a.sls -> b.sls"), e.getMessage());
    }

    @Test
    void rangeLength() {
        PythonError e = assertThrows(PythonError.class, () -> env(Limits.DEFAULT.withMaxRangeLength(10)).fromString("{{ range(11)|list }}")
                .render(Map.of()));
        assertEquals("OverflowError", e.pythonClass());
        assertEquals("Range too big. The sandbox blocks ranges larger than MAX_RANGE (10).", e.getMessage());
    }

    @Test
    void hugeIntegersAndNesting() {
        assertEquals("max integer size in bits", assertThrows(LimitExceededError.class,
                () -> Environment.salt().fromString("{{ 2 ** 100000000 }}").render(Map.of())).limit());
        String deep = "{{ " + "(".repeat(5000) + "1" + ")".repeat(5000) + " }}";
        assertEquals("max template nesting depth", assertThrows(LimitExceededError.class, () -> Environment.salt().fromString(deep)).limit());
        String deepBlocks = "{% if 1 %}".repeat(3000) + "{% endif %}".repeat(3000);
        assertEquals("max template nesting depth", assertThrows(LimitExceededError.class,
                () -> Environment.salt().fromString(deepBlocks)).limit());
    }

    @Test
    void timeout() {
        Template t = env(Limits.DEFAULT.withMaxLoopIterations(Long.MAX_VALUE).withTimeout(Duration.ofMillis(50)))
                .fromString("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}");
        long start = System.nanoTime();
        LimitExceededError e = assertThrows(LimitExceededError.class, () -> t.render(Map.of()));
        assertEquals("render timeout in milliseconds", e.limit());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void cancelTokenStopsARenderFromAnotherThread() throws Exception {
        Template t = env(Limits.DEFAULT.withMaxLoopIterations(Long.MAX_VALUE).withTimeout(Duration.ofMinutes(5)))
                .fromString("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}");
        CancelToken token = new CancelToken();
        CompletableFuture<Throwable> render = CompletableFuture.supplyAsync(() -> {
            try {
                t.render(RenderRequest.of(Map.of()).withCancel(token));
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        Thread.sleep(50);
        token.cancel();
        Throwable e = render.get(30, TimeUnit.SECONDS);
        assertInstanceOf(RenderCancelledError.class, e);
    }

    @Test
    void threadInterruptStopsARender() throws Exception {
        Template t = env(Limits.DEFAULT.withMaxLoopIterations(Long.MAX_VALUE).withTimeout(Duration.ofMinutes(5)))
                .fromString("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            started.countDown();
            try {
                t.render(Map.of());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        worker.start();
        started.await();
        Thread.sleep(50);
        worker.interrupt();
        worker.join(30_000);
        assertInstanceOf(RenderCancelledError.class, failure.get());
    }
}
