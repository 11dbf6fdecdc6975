package dev.jsalt.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command as an argv list and captures its output (stderr merged), with a timeout so a test never hangs. */
record Cmd(int exit, String output) {

    static Cmd run(List<String> argv) {
        return run(argv, Map.of());
    }

    static Cmd run(List<String> argv, Map<String, String> env) {
        try {
            Path log = Files.createTempFile("jsalt-cmd", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("timed out: " + argv);
                }
                return new Cmd(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + argv + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Cmd run(String... argv) {
        return run(List.of(argv));
    }

    /** Runs and insists on exit 0, returning the output. */
    static String ok(String... argv) {
        return ok(List.of(argv), Map.of());
    }

    static String ok(List<String> argv, Map<String, String> env) {
        Cmd c = run(argv, env);
        if (c.exit != 0) throw new AssertionError("exit " + c.exit + " from " + argv + ":\n" + c.output);
        return c.output;
    }

    static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
