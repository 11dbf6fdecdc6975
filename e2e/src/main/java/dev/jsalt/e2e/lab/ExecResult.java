package dev.jsalt.e2e.lab;

import java.util.List;

/**
 * The outcome of one command (in a lab host or in the root namespace).
 *
 * @param argv   what ran, for error messages
 * @param exit   exit code; 124 when the lab's own timeout killed it
 * @param stdout everything it printed on stdout (UTF-8)
 * @param stderr everything it printed on stderr (UTF-8)
 */
public record ExecResult(List<String> argv, int exit, String stdout, String stderr) {
    public static final int TIMED_OUT = 124;

    public ExecResult {
        argv = List.copyOf(argv);
    }

    public boolean ok() { return exit == 0; }

    /** This result if it exited 0, otherwise a {@link LabException} naming the command, exit code and stderr. */
    public ExecResult orThrow(String where) {
        if (!ok()) {
            throw new LabException(where + ": " + String.join(" ", argv) + " exited " + exit
                    + (stderr.isBlank() ? "" : ": " + stderr.strip()) + (stdout.isBlank() ? "" : " (stdout: " + abbreviate(stdout.strip()) + ")"));
        }
        return this;
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "...";
    }
}
