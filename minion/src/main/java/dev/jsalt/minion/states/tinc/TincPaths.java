package dev.jsalt.minion.states.tinc;

import java.nio.file.Path;

/**
 * Where tinc's files live. The system layout is Debian's; tests point {@code etc}, {@code run} and {@code log} at a
 * scratch folder. Every path is passed to tincd explicitly ({@code -c}, {@code --pidfile}, {@code --logfile}), so
 * what the module checks is exactly what the daemon uses.
 *
 * @param etc {@code /etc/tinc}: one folder per network plus nets.boot
 * @param run {@code /run}: tincd's pid file and the config fingerprint the running daemon was started with
 * @param log {@code /var/log}: tincd's log file (nothing runs syslog where PID 1 is not systemd)
 */
public record TincPaths(Path etc, Path run, Path log) {

    public static TincPaths system() {
        return new TincPaths(Path.of("/etc/tinc"), Path.of("/run"), Path.of("/var/log"));
    }

    public Path netDir(String net) { return etc.resolve(TincNames.net(net)); }

    public Path conf(String net) { return netDir(net).resolve("tinc.conf"); }

    public Path hostsDir(String net) { return netDir(net).resolve("hosts"); }

    public Path hostFile(String net, String node) { return hostsDir(net).resolve(TincNames.node(node)); }

    public Path privateKey(String net) { return netDir(net).resolve("rsa_key.priv"); }

    public Path tincUp(String net) { return netDir(net).resolve("tinc-up"); }

    public Path tincDown(String net) { return netDir(net).resolve("tinc-down"); }

    public Path netsBoot() { return etc.resolve("nets.boot"); }

    public Path pidFile(String net) { return run.resolve("tinc." + TincNames.net(net) + ".pid"); }

    /** Fingerprint of the restart-relevant config the daemon was last (re)started with. */
    public Path startedWith(String net) { return run.resolve("tinc." + TincNames.net(net) + ".jsalt"); }

    public Path logFile(String net) { return log.resolve("tinc." + TincNames.net(net) + ".log"); }
}
