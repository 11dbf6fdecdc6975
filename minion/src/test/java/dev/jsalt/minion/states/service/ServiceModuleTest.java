package dev.jsalt.minion.states.service;

import dev.jsalt.common.state.Outcome;
import dev.jsalt.common.state.Resource;
import dev.jsalt.common.state.StateResult;
import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.Res;
import dev.jsalt.minion.state.SecretOpener;
import dev.jsalt.minion.state.StateEngine;
import dev.jsalt.minion.state.StateModules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static dev.jsalt.common.state.RequisiteKind.WATCH;
import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs against a real init script installed for the test (a sleep managed by start-stop-daemon), on machines
 * where PID 1 is not systemd — the same path the lab's namespaces take.
 */
class ServiceModuleTest {
    @TempDir
    Path dir;
    private final String name = "jsalt-svc-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
    private Path script;
    private Path log;

    @BeforeEach
    void installScript() throws Exception {
        Assumptions.assumeFalse(Files.isDirectory(Path.of("/run/systemd/system")), "systemd machine: init-script path not used");
        log = dir.resolve("log");
        String pid = "/run/" + name + ".pid";
        script = InitScripts.INIT_D.resolve(name);
        Files.writeString(script, """
                #!/bin/sh
                PIDFILE=%s
                case "$1" in
                  start) start-stop-daemon --start --quiet --background --make-pidfile --pidfile $PIDFILE --exec /bin/sleep -- 100000 </dev/null >/dev/null 2>&1; echo start >> %s ;;
                  stop) start-stop-daemon --stop --quiet --pidfile $PIDFILE --remove-pidfile --retry 5; echo stop >> %s ;;
                  restart) "$0" stop; "$0" start; echo restart >> %s ;;
                  reload) echo reload >> %s ;;
                  status) start-stop-daemon --status --pidfile $PIDFILE; exit $? ;;
                  *) exit 3 ;;
                esac
                exit 0
                """.formatted(pid, log, log, log, log));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void removeScript() throws Exception {
        if (script != null && Files.exists(script)) {
            new CommandRunner().run(CommandSpec.of(script.toString(), "stop"));
            Files.delete(script);
        }
    }

    private StateResult apply(String fn, boolean test, Object... kv) {
        return Res.apply(Res.of("service", fn, name, args(kv)), test, dir);
    }

    private List<String> log() throws Exception {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void runningAndDeadConverge() throws Exception {
        assertEquals(Outcome.WOULD_CHANGE, apply("running", true).outcome());
        assertEquals(List.of(), log());
        StateResult started = apply("running", false);
        assertEquals(Outcome.CHANGED, started.outcome(), started.comment());
        assertEquals(Outcome.UNCHANGED, apply("running", false).outcome());
        assertEquals(Outcome.WOULD_CHANGE, apply("dead", true).outcome());
        assertEquals(Outcome.CHANGED, apply("dead", false).outcome());
        assertEquals(Outcome.UNCHANGED, apply("dead", false).outcome());
        assertEquals(List.of("start", "stop"), log());
    }

    @Test
    void enabledSaysPid1IsNotSystemd() {
        StateResult r = apply("enabled", false);
        assertEquals(Outcome.UNCHANGED, r.outcome());
        assertTrue(r.comment().contains("not systemd"), r.comment());
        StateResult withEnable = apply("running", false, "enable", true);
        assertEquals(Outcome.CHANGED, withEnable.outcome());
        assertTrue(withEnable.comment().contains("not systemd"), withEnable.comment());
    }

    @Test
    void watchRestartsOrReloadsARunningService() throws Exception {
        apply("running", false);
        Path conf = dir.resolve("svc.conf");
        Resource cfg = Res.of("file", "managed", conf.toString(), args("contents", "v1"));
        Resource svc = Res.of("service", "running", name, args(), Res.req(WATCH, cfg));
        StateEngine engine = new StateEngine(StateModules.standard(), SecretOpener.refusing());

        List<StateResult> res = engine.run(Res.doc(cfg, svc), Res.ctx(false, dir));
        assertEquals(Outcome.CHANGED, res.get(1).outcome(), res.get(1).comment());
        assertEquals("restarted", res.get(1).changes().get("service"));
        assertTrue(log().contains("restart"));

        List<StateResult> quiet = engine.run(Res.doc(cfg, svc), Res.ctx(false, dir));
        assertEquals(Outcome.UNCHANGED, quiet.get(1).outcome());

        Resource cfg2 = Res.of("file", "managed", conf.toString(), args("contents", "v2"));
        Resource reload = Res.of("service", "running", name, args("reload", true), Res.req(WATCH, cfg2));
        List<StateResult> test = engine.run(Res.doc(cfg2, reload), Res.ctx(true, dir));
        assertEquals(Outcome.WOULD_CHANGE, test.get(1).outcome());
        assertTrue(!log().contains("reload"));
        engine.run(Res.doc(cfg2, reload), Res.ctx(false, dir));
        assertTrue(log().contains("reload"));
    }

    @Test
    void missingServiceFails() {
        StateResult r = Res.apply(Res.of("service", "running", "jsalt-no-such-svc", args()), false, dir);
        assertEquals(Outcome.FAILED, r.outcome());
        assertTrue(r.comment().contains("not available"), r.comment());
        StateResult bad = Res.apply(Res.of("service", "running", "x", args("name", "--now")), true, dir);
        assertEquals(Outcome.FAILED, bad.outcome());
        assertEquals("argument 'name' of service.running is invalid: not a service name: '--now'", bad.comment());
    }
}
