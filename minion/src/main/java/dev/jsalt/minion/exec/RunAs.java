package dev.jsalt.minion.exec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs a command as another local user (Salt's {@code runas}): {@code setpriv} (util-linux, on every Debian) switches
 * to the user's uid, primary gid and supplementary groups, and HOME, USER, LOGNAME and SHELL are the user's. No shell,
 * no su/sudo configuration involved; argv stays an argv.
 */
public final class RunAs {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?");
    static final Path PASSWD = Path.of("/etc/passwd");

    /** One /etc/passwd entry. */
    public record Account(String name, int uid, int gid, String home, String shell) {
    }

    private RunAs() {
    }

    /** The local account {@code user}, if it exists. */
    public static Optional<Account> lookup(String user) {
        try {
            for (String line : Files.readAllLines(PASSWD)) {
                String[] f = line.split(":", -1);
                if (f.length >= 7 && f[0].equals(user)) {
                    return Optional.of(new Account(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[5], f[6]));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PASSWD, e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code spec} run as {@code user}; throws if the name is invalid or no such user exists. */
    public static CommandSpec as(String user, CommandSpec spec) {
        if (user == null || !NAME.matcher(user).matches()) throw new IllegalArgumentException("runas: not a valid user name: '" + user + "'");
        Account a = lookup(user).orElseThrow(() -> new IllegalArgumentException("runas: user " + user + " does not exist"));
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + a.uid(), "--regid=" + a.gid(), "--init-groups", "--"));
        argv.addAll(spec.argv());
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.putIfAbsent("HOME", a.home());
        env.putIfAbsent("USER", a.name());
        env.putIfAbsent("LOGNAME", a.name());
        if (!a.shell().isEmpty()) env.putIfAbsent("SHELL", a.shell());
        return new CommandSpec(argv, spec.cwd(), env, spec.timeout(), spec.stdin(), spec.scope());
    }
}
