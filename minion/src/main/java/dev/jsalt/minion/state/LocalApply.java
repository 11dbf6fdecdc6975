package dev.jsalt.minion.state;

import dev.jsalt.common.json.Json;
import dev.jsalt.common.state.StateDocument;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Applies a compiled state document on this machine without a master: reads the document JSON from a file or
 * stdin, runs it with the standard modules and prints the results as a JSON list on stdout.
 *
 * <pre>java -cp ... dev.jsalt.minion.state.LocalApply [--test] [--state-dir DIR] [--no-lock] [--lock-timeout S] [FILE|-]</pre>
 * Exit code: 0 if nothing failed, 2 if a resource failed, 1 if the input or the lock was the problem.
 * Sealed secrets cannot be opened here (there is no minion key), so resources carrying them fail.
 */
public final class LocalApply {
    public static final int EXIT_OK = 0;
    public static final int EXIT_USAGE = 1;
    public static final int EXIT_FAILED = 2;

    private LocalApply() {
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    /** The whole program minus {@code System.exit}, so it can be tested in-process. */
    public static int run(String[] argv, PrintStream out, PrintStream err) {
        boolean test = false, lock = true;
        Path stateDir = RunContext.DEFAULT_STATE_DIR;
        Duration lockTimeout = Duration.ofSeconds(30);
        String input = "-";
        try {
            for (int i = 0; i < argv.length; i++) {
                switch (argv[i]) {
                    case "--test" -> test = true;
                    case "--no-lock" -> lock = false;
                    case "--state-dir" -> stateDir = Path.of(argv[++i]);
                    case "--lock-timeout" -> lockTimeout = Duration.ofSeconds(Long.parseLong(argv[++i]));
                    case "-h", "--help" -> {
                        err.println("usage: LocalApply [--test] [--state-dir DIR] [--no-lock] [--lock-timeout SECONDS] [FILE|-]");
                        return EXIT_OK;
                    }
                    default -> {
                        if (argv[i].startsWith("--")) throw new IllegalArgumentException("unknown option " + argv[i]);
                        input = argv[i];
                    }
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            err.println("LocalApply: option needs a value: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            err.println("LocalApply: " + e.getMessage());
            return EXIT_USAGE;
        }

        StateDocument doc;
        try {
            byte[] data = input.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(input));
            doc = Json.read(data, StateDocument.class);
            if (doc.resources() == null) throw new IllegalArgumentException("no 'resources' list");
        } catch (IOException | RuntimeException e) {
            err.println("LocalApply: cannot read state document from " + (input.equals("-") ? "stdin" : input) + ": "
                    + StateEngine.message(e));
            return EXIT_USAGE;
        }

        RunContext ctx = new RunContext(test, new CommandRunner(), Map.of(), stateDir);
        StateEngine engine = new StateEngine(StateModules.standard(), SecretOpener.refusing());
        List<StateResult> results;
        StateRunLock.Lease lease = null;
        try {
            if (lock) lease = new StateRunLock(stateDir).acquire("local-" + ProcessHandle.current().pid(), lockTimeout);
            results = engine.run(doc, ctx);
        } catch (StateRunBusyException | IOException e) {
            err.println("LocalApply: " + e.getMessage());
            return EXIT_USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_USAGE;
        } finally {
            if (lease != null) {
                try {
                    lease.close();
                } catch (IOException e) {
                    err.println("LocalApply: releasing the state lock: " + e.getMessage());
                }
            }
        }
        out.println(new String(Json.bytes(results), StandardCharsets.UTF_8));
        out.flush();
        return results.stream().anyMatch(r -> r.outcome().isFailure()) ? EXIT_FAILED : EXIT_OK;
    }
}
