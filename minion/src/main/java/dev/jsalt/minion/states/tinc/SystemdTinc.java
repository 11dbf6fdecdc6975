package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.exec.CommandResult;
import dev.jsalt.minion.exec.CommandSpec;
import dev.jsalt.minion.state.RunContext;

import java.time.Duration;

/** tincd under Debian's {@code tinc@NET} unit: {@code systemctl enable --now}, reload = the unit's {@code tincd -kHUP}. */
final class SystemdTinc implements TincService {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final String unit;
    private final RunContext ctx;

    SystemdTinc(String net, RunContext ctx) {
        this.unit = "tinc@" + TincNames.net(net);
        this.ctx = ctx;
    }

    @Override
    public String describe() { return "systemd (" + unit + ")"; }

    @Override
    public boolean running() { return systemctl("is-active", "--quiet", unit).ok(); }

    @Override
    public Boolean enabled() { return systemctl("is-enabled", "--quiet", unit).ok(); }

    @Override
    public String start() { return why(systemctl("enable", "--now", unit)); }

    @Override
    public String reload() { return why(systemctl("reload", unit)); }

    @Override
    public String restart() { return why(systemctl("restart", unit)); }

    private CommandResult systemctl(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "systemctl";
        System.arraycopy(args, 0, argv, 1, args.length);
        return ctx.run(CommandSpec.of(argv).withTimeout(TIMEOUT));
    }

    private static String why(CommandResult r) {
        return r.ok() ? null : (r.timedOut() ? "systemctl timed out" : r.lastLine());
    }
}
