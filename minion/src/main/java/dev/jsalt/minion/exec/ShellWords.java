package dev.jsalt.minion.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command string into argv the way a POSIX shell splits words — whitespace, single quotes, double quotes,
 * backslash escapes — and nothing more: no variables, globs, pipes or redirections. Because a string such as
 * {@code "a | b"} would silently mean something else without a shell, unquoted shell operators are refused with
 * a message pointing at {@code shell: true} or the argv list form.
 */
public final class ShellWords {
    private static final String OPERATORS = "|&;<>()$`";

    private ShellWords() {
    }

    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        int i = 0, n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unterminated single quote at column " + (i + 1) + " in: " + line);
                cur.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && "\"\\$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                        cur.append(line.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    if (d == '$' || d == '`') {
                        throw new IllegalArgumentException("'" + d + "' inside double quotes needs a shell (set shell: true) in: " + line);
                    }
                    cur.append(d);
                    i++;
                }
                if (!closed) throw new IllegalArgumentException("unterminated double quote in: " + line);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) throw new IllegalArgumentException("trailing backslash in: " + line);
                char next = line.charAt(i + 1);
                if (next != '\n') cur.append(next);
                inWord = true;
                i += 2;
            } else if (OPERATORS.indexOf(c) >= 0) {
                throw new IllegalArgumentException("'" + c + "' at column " + (i + 1)
                        + " is shell syntax; set shell: true or give the command as an argv list: " + line);
            } else {
                cur.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) words.add(cur.toString());
        if (words.isEmpty()) throw new IllegalArgumentException("empty command");
        return words;
    }
}
