package dev.jsalt.minion.states.cmd;

import dev.jsalt.minion.exec.ShellWords;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a command as written in SLS into argv: a list is taken verbatim, a string is split into words without a
 * shell, and only {@code shell: true} hands a string to {@code /bin/sh -c} (as one argument, never concatenated).
 */
final class CommandForm {
    private CommandForm() {
    }

    static List<String> argv(Object value, boolean shell, String what) {
        if (value == null) throw new IllegalArgumentException(what + " is required");
        if (value instanceof List<?> list) {
            if (list.isEmpty()) throw new IllegalArgumentException(what + " is an empty list");
            List<String> argv = new ArrayList<>(list.size());
            for (Object o : list) {
                if (o == null || o instanceof List || o instanceof java.util.Map) {
                    throw new IllegalArgumentException(what + " list must hold plain strings");
                }
                argv.add(o.toString());
            }
            if (shell) {
                throw new IllegalArgumentException(what + ": shell: true takes the command as a string, not an argv list");
            }
            return argv;
        }
        String text = value.toString();
        if (shell) return List.of("/bin/sh", "-c", text);
        try {
            return ShellWords.split(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** How a command is shown in comments: the way it was written. */
    static String display(Object value) {
        if (value instanceof List<?> list) return String.join(" ", list.stream().map(String::valueOf).toList());
        return String.valueOf(value);
    }
}
