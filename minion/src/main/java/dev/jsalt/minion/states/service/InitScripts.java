package dev.jsalt.minion.states.service;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Services when PID 1 is not systemd (containers, the lab's namespaces): {@code service NAME action}, or
 * {@code /etc/init.d/NAME action} where the service wrapper is missing. LSB status exit 0 means running.
 * Boot-time enablement is not managed here; states say so instead of pretending.
 */
final class InitScripts implements ServiceManager {
    static final Path INIT_D = Path.of("/etc/init.d");
    private static final Path SERVICE = Path.of("/usr/sbin/service");

    private final RunContext ctx;
    private final String pid1;

    InitScripts(RunContext ctx, String pid1) {
        this.ctx = ctx;
        this.pid1 = pid1;
    }

    @Override
    public String describe() { return "init scripts (PID 1 is " + pid1 + ", not systemd)"; }

    @Override
    public String missing(String name) {
        return Files.isExecutable(INIT_D.resolve(name)) ? null : "no init script " + INIT_D.resolve(name);
    }

    @Override
    public boolean running(String name) { return control("status", name).exitCode() == 0; }

    @Override
    public Boolean enabled(String name) { return null; }

    @Override
    public boolean managesBoot() { return false; }

    @Override
    public CommandResult control(String action, String name) {
        CommandSpec spec = Files.isExecutable(SERVICE) ? CommandSpec.of(SERVICE.toString(), name, action)
                : CommandSpec.of(INIT_D.resolve(name).toString(), action);
        return ctx.run(spec);
    }
}
