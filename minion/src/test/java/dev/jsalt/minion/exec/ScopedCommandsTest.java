package dev.jsalt.minion.exec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Commands in a transient scope, with stand-ins for systemd-run and systemctl (the build machines do not run systemd;
 * the booted lab hosts run the real ones): a stand-in systemd-run that records the command's pid and
 * a systemctl that answers is-active from it and kills its process tree. What is checked is jsalt's side: argv verbatim, files
 * instead of pipes, the exit status written for a later process, a timeout stopping the scope, and nothing killed
 * when the waiting thread is interrupted.
 */
class ScopedCommandsTest {
    @TempDir
    Path tmp;
    private ScopedCommands scopes;
    private CommandRunner runner;

    @BeforeEach
    void standIns() throws Exception {
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path run = script("systemd-run", """
                #!/bin/sh
                unit=
                while [ "$1" != "--" ]; do case "$1" in --unit=*) unit=${1#--unit=};; esac; shift; done
                shift
                echo $$ > "%s/$unit"
                exec "$@"
                """.formatted(state));
        Path ctl = script("systemctl", """
                #!/bin/sh
                pid=$(cat "%s/$3" 2>/dev/null) || exit 3
                killtree() { for c in $(pgrep -P "$1"); do killtree "$c"; done; kill -KILL "$1" 2>/dev/null; }
                case "$1" in
                  is-active) kill -0 "$pid" 2>/dev/null ;;
                  kill) killtree "$pid" ;;
                esac
                """.formatted(state));
        scopes = new ScopedCommands(tmp.resolve("commands"), true, run.toString(), ctl.toString());
        runner = new CommandRunner(scopes);
    }

    private Path script(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static CommandSpec scoped(List<String> argv) {
        return CommandSpec.of(argv).withScope(CommandSpec.Scope.TRANSIENT);
    }

    @Test
    void argvStdinEnvOutputAndExitGoThroughTheScope() throws Exception {
        CommandResult r = runner.run(new CommandSpec(List.of("sh", "-c", "printf '%s|' \"$@\"; echo \"$FOO\"; cat; echo oops >&2; exit 3",
                "sh", "a b", "'q'", "$HOME", "*", ""), Path.of("/tmp"), Map.of("FOO", "bar"), null, "from-stdin\n",
                CommandSpec.Scope.TRANSIENT));
        assertEquals(3, r.exitCode());
        assertEquals("a b|'q'|$HOME|*||bar\nfrom-stdin\n", r.stdout());
        assertEquals("oops", r.lastLine());
        try (var files = Files.list(scopes.dir())) {
            assertEquals(0, files.count(), "the command's files are removed once read");
        }
    }

    @Test
    void unscopedCommandsRunHere() throws Exception {
        CommandResult r = runner.run(CommandSpec.of("sh", "-c", "echo $PPID").unscoped());
        assertEquals(String.valueOf(ProcessHandle.current().pid()), r.stdout().strip());
    }

    @Test
    void aTimeoutStopsTheWholeScope() throws Exception {
        Path marker = tmp.resolve("marker");
        CommandResult r = runner.run(scoped(List.of("sh", "-c", "sleep 30; touch " + marker)).withTimeout(Duration.ofMillis(300)));
        assertTrue(r.timedOut());
        assertFalse(r.ok());
        assertTrue(r.elapsed().toSeconds() < 10);
        Thread.sleep(500);
        assertFalse(Files.exists(marker));
    }

    @Test
    void theCommandOutlivesItsWaiterAndAnotherProcessCollectsIt() throws Exception {
        Path go = tmp.resolve("go");
        AtomicReference<ScopedCommands.InFlight> started = new AtomicReference<>();
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            try {
                runner.run(scoped(List.of("sh", "-c", "while [ ! -e " + go + " ]; do sleep 0.05; done; echo finished; exit 7")));
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> worker.get() != null && runner.inFlight(worker.get()).isPresent());
        started.set(runner.inFlight(worker.get()).orElseThrow());
        // A stopping minion: the thread waiting for the command is interrupted (it must not kill the command).
        worker.get().interrupt();
        assertInstanceOf(InterruptedIOException.class, waiter.get(10, TimeUnit.SECONDS));
        ScopedCommands next = new ScopedCommands(scopes.dir(), true, tmp.resolve("systemd-run").toString(), tmp.resolve("systemctl").toString());
        assertTrue(next.await(started.get(), Duration.ofMillis(300)).isEmpty(), "still running: nothing to collect yet");

        Files.createFile(go);
        Optional<CommandResult> r = next.await(started.get(), Duration.ofSeconds(20));
        assertTrue(r.isPresent());
        assertEquals(7, r.get().exitCode());
        assertEquals("finished\n", r.get().stdout());
        assertFalse(Files.exists(started.get().rcFile()));
    }
}
