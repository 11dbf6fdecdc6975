package dev.jsalt.minion.exec;

import java.time.Duration;

/**
 * What a command did. Output is captured up to a bound; {@code truncated} says if more was dropped.
 */
public record CommandResult(int exitCode, String stdout, String stderr, boolean timedOut, boolean truncated,
                            Duration elapsed) {

    public boolean ok() { return exitCode == 0 && !timedOut; }

    /** A one-line summary for comments: the last non-empty line of stderr, else of stdout. */
    public String lastLine() {
        String s = lastNonEmpty(stderr);
        return s.isEmpty() ? lastNonEmpty(stdout) : s;
    }

    private static String lastNonEmpty(String text) {
        if (text == null) return "";
        String[] lines = text.strip().split("\n");
        return lines.length == 0 ? "" : lines[lines.length - 1].strip();
    }
}
