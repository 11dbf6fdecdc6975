package dev.jsalt.cli.bootstrap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs the bootstrap on a remote server with the system's OpenSSH: {@code scp} for the packages, then
 * {@code ssh target sh -s} with the script on standard input. Every call is an argv list (no local shell), the
 * target is validated (it can never start with '-', which ssh would read as an option), and the script itself
 * travels as data on stdin.
 */
public final class SshRunner {
    /** [user@]host, host a name or IPv4 address. */
    static final Pattern TARGET = Pattern.compile("(?:[a-z_][a-z0-9_.-]{0,31}@)?[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

    private final String ssh;
    private final String scp;

    public SshRunner() {
        this("ssh", "scp");
    }

    /** Other programs than ssh/scp: for tests, or wrappers that add options. */
    public SshRunner(String ssh, String scp) {
        this.ssh = ssh;
        this.scp = scp;
    }

    public static String validTarget(String target) {
        if (!TARGET.matcher(target).matches()) {
            throw new IllegalArgumentException("--ssh wants user@host (host: letters, digits, '.', '-'), got '" + target + "'");
        }
        return target;
    }

    public List<String> copyCommand(String target, List<Path> files) {
        List<String> argv = new ArrayList<>(List.of(scp, "-q", "--"));
        for (Path f : files) argv.add(f.toString());
        argv.add(validTarget(target) + ":");
        return argv;
    }

    public List<String> scriptCommand(String target) {
        return List.of(ssh, "--", validTarget(target), "sh", "-s");
    }

    /** Copies the packages and runs the script; returns the remote script's exit status. */
    public int run(String target, List<Path> debs, String script) throws IOException, InterruptedException {
        if (!debs.isEmpty()) {
            int rc = new ProcessBuilder(copyCommand(target, debs)).inheritIO().start().waitFor();
            if (rc != 0) throw new IOException("copying the packages with scp failed (exit " + rc + ")");
        }
        Process p = new ProcessBuilder(scriptCommand(target))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(script.getBytes(StandardCharsets.UTF_8));
        }
        return p.waitFor();
    }
}
