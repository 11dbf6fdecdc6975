package dev.jsalt.master.compile;

import dev.jsalt.common.config.ConfigException;
import dev.jsalt.common.config.ConfigFile;
import dev.jsalt.common.target.Target;
import dev.jsalt.common.target.TargetSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16, item 3: every compile bounded; a bound exceeded is a one-line error naming file:line and the bound. */
class CompileBoundsTest {
    @TempDir
    Path dir;

    private String error(String sls, String... files) {
        Fixtures.write(dir, files);
        CompileException e = assertThrows(CompileException.class,
                () -> Fixtures.compiler(dir).compile("web1", Map.of("role", "web"), List.of(sls)));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    /** 81 aliases, each a list of two of the one before: under SnakeYAML's alias limit, 2^81 values once walked. */
    static String aliasBomb(int levels) {
        StringBuilder y = new StringBuilder("bomb:\n  cmd.run:\n    - name: echo\n    - env:\n        a0: &a0 [x, x]\n");
        for (int i = 1; i <= levels; i++) y.append("        a").append(i).append(": &a").append(i).append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
        return y.toString();
    }

    @Test
    void anAliasBombIsRefusedWithFileLineAndTheBound() {
        String e = error("bomb", "bomb.sls", aliasBomb(24)); // 48 aliases: under the alias limit, 2^25 values
        assertTrue(e.startsWith("bomb.sls:"), e);
        assertTrue(e.contains("1000000"), e);
    }

    @Test
    void deepNestingIsRefused() {
        String e = error("deep", "deep.sls", "deep:\n  cmd.run:\n    - name: " + "[".repeat(200) + "]".repeat(200) + "\n");
        assertTrue(e.startsWith("deep.sls:"), e);
        assertTrue(e.toLowerCase().contains("nesting"), e);
    }

    @Test
    void aSelfIncludeIsAnErrorNamingTheCycle() {
        String e = error("a", "a.sls", "include:\n  - a\n");
        assertTrue(e.startsWith("a.sls:2"), e);
        assertTrue(e.contains("include cycle: a -> a"), e);
    }

    @Test
    void aLongerIncludeCycleLoadsEachFileOnceAsSaltDoes() throws Exception {
        Fixtures.write(dir, "a.sls", "include:\n  - b\na1:\n  cmd.run: []\n", "b.sls", "include:\n  - c\nb1:\n  cmd.run: []\n",
                "c.sls", "include:\n  - a\nc1:\n  cmd.run: []\n");
        var doc = Fixtures.compiler(dir).compile("m1", java.util.Map.of(), java.util.List.of("a"));
        assertEquals(java.util.List.of("c1", "b1", "a1"), doc.resources().stream().map(r -> r.id()).toList());
    }

    @Test
    void aDiamondOfIncludesIsNoCycle() throws Exception {
        Fixtures.write(dir, "a.sls", "include:\n  - b\n  - c\n", "b.sls", "include:\n  - d\n", "c.sls", "include:\n  - d\n",
                "d.sls", "d:\n  cmd.run:\n    - name: echo d\n");
        assertEquals(1, Fixtures.compiler(dir).compile("web1", Map.of(), List.of("a")).resources().size());
    }

    @Test
    void aCancelledCompileStopsAtItsNextCheck() {
        Fixtures.write(dir, "a.sls", "a:\n  cmd.run:\n    - name: echo\n");
        CompileControl c = new CompileControl(60_000);
        c.cancel("the client went away");
        CompileControl.Cancelled e = assertThrows(CompileControl.Cancelled.class, () -> CompileControl.runWith(c,
                () -> Fixtures.compiler(dir).compile("web1", Map.of(), List.of("a"))));
        assertTrue(e.getMessage().contains("client went away"), e.getMessage());
        CompileControl late = new CompileControl(0);
        assertThrows(CompileControl.Cancelled.class, () -> CompileControl.runWith(late,
                () -> Fixtures.compiler(dir).compile("web1", Map.of(), List.of("a"))));
    }

    /** A render in progress (seconds of work within every bound) stops soon after the cancel, not at its end. */
    @Test
    void aCancelStopsARenderInProgress() throws Exception {
        Fixtures.write(dir, "slow.sls", "{% for a in range(900) %}{% for b in range(1000) %}{% set x = 'ab' * 10000 %}{% endfor %}{% endfor %}\n");
        CompileControl c = new CompileControl(60_000);
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            c.cancel("the client went away");
        });
        long t0 = System.nanoTime();
        canceller.start();
        CompileControl.Cancelled e = assertThrows(CompileControl.Cancelled.class, () -> CompileControl.runWith(c,
                () -> Fixtures.compiler(dir).compile("web1", Map.of(), List.of("slow"))));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        canceller.join();
        assertTrue(e.getMessage().contains("client went away"), e.getMessage());
        assertTrue(ms < 5_000, "stopped after " + ms + " ms");
    }

    @Test
    void deepTargetsAreSyntaxErrorsNotStackOverflows() {
        for (String t : List.of("(".repeat(5000) + "a" + ")".repeat(5000), "not ".repeat(20000) + "a",
                "a and ".repeat(2000) + "a", "x".repeat(100_000))) {
            TargetSyntaxException e = assertThrows(TargetSyntaxException.class, () -> Target.parse(t));
            assertTrue(e.getMessage().contains("limit") || e.getMessage().contains("more than"), e.getMessage());
        }
        assertTrue(Target.parse("not (a or (b and not c))").matches("a", Map.of()) == false);
    }

    @Test
    void configFilesAreBoundedToo() throws Exception {
        Path f = dir.resolve("master.yaml");
        Files.writeString(f, "reactor:\n" + aliasBomb(40).lines().map(l -> "  # " + l).reduce("", (a, b) -> a + b + "\n")
                + "state_tree: &t0 {dir: [a, a]}\n" + bombLines());
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.load(f));
        assertTrue(e.getMessage().startsWith(f.toString() + ":"), e.getMessage());
    }

    private static String bombLines() {
        StringBuilder y = new StringBuilder("x0: &x0 [y, y]\n");
        for (int i = 1; i <= 40; i++) y.append("x").append(i).append(": &x").append(i).append(" [*x").append(i - 1).append(", *x").append(i - 1).append("]\n");
        return y.toString();
    }
}
