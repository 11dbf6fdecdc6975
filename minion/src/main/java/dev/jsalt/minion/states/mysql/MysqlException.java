package dev.jsalt.minion.states.mysql;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The client or server refused a batch; {@link #getMessage()} is the server's own text (secrets redacted). */
public class MysqlException extends RuntimeException {
    private static final Pattern ERROR = Pattern.compile("ERROR (\\d+) \\(([0-9A-Z]{5})\\)(?: at line \\d+)?: (.*)");
    private final int errno;

    public MysqlException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() { return errno; }

    /** True when the server could not be reached at all (not running, wrong socket, network). */
    public boolean cannotConnect() { return errno == 2002 || errno == 2003 || errno == 2005 || errno == 2013; }

    /** From the client's stderr, e.g. {@code ERROR 1045 (28000): Access denied for user ...}. */
    static MysqlException fromStderr(String stderr, int exitCode) {
        String text = stderr == null ? "" : stderr.strip();
        for (String line : text.split("\n")) {
            Matcher m = ERROR.matcher(line.strip());
            if (m.matches()) return new MysqlException(Integer.parseInt(m.group(1)), "ERROR " + m.group(1) + ": " + m.group(3));
        }
        String last = text.isEmpty() ? "client exited with " + exitCode : text.lines().reduce((a, b) -> b).orElse(text);
        return new MysqlException(0, last);
    }
}
