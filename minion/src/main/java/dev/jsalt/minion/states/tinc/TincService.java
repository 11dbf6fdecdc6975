package dev.jsalt.minion.states.tinc;

import dev.jsalt.minion.state.RunContext;
import dev.jsalt.minion.states.service.ServiceModule;

/**
 * How tincd for one network is started, checked and signalled: systemd's {@code tinc@NET} unit where PID 1 is
 * systemd, else tincd itself with a pid file. Every method returns null on success or a one-line reason.
 */
interface TincService {

    /** For comments: "systemd (tinc@vpn)" or "tincd with /run/tinc.vpn.pid". */
    String describe();

    boolean running();

    /** Whether it starts at boot; null if this manager does not manage boot (no systemd). */
    Boolean enabled();

    /** Starts it (and enables it at boot where that is managed). */
    String start();

    /** SIGHUP: tincd re-reads tinc.conf and hosts/, drops peers whose host file changed or went, dials new ConnectTo peers. */
    String reload();

    /** Stop and start: needed for what SIGHUP does not redo (Name, Interface, Mode, Port, tinc-up). */
    String restart();

    static TincService forNet(String net, TincPaths paths, RunContext ctx) {
        return ServiceModule.systemdIsInit() ? new SystemdTinc(net, ctx) : new PidfileTincd(net, paths, ctx);
    }
}
