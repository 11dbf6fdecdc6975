package dev.jsalt.minion.functions;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into argv with POSIX quoting rules (single quotes, double quotes, backslash) and refuses
 * shell syntax (pipes, redirections, substitutions) so that a command meant for a shell is never run half-parsed:
 * the caller must ask for a shell explicitly.
 */
public final class ArgvSplitter {
    private ArgvSplitter() {
    }

    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unterminated single quote in: " + line);
                cur.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i++;
                while (i < line.length() && line.charAt(i) != '"') {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        d = line.charAt(++i);
                    } else if (d == '$' || d == '`') {
                        throw shellSyntax(d, line);
                    }
                    cur.append(d);
                    i++;
                }
                if (i >= line.length()) throw new IllegalArgumentException("unterminated double quote in: " + line);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < line.length()) cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else if ("|&;<>()$`*?[]{}~".indexOf(c) >= 0 && !(c == '~' && inWord)) {
                throw shellSyntax(c, line);
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(cur.toString());
        if (out.isEmpty()) throw new IllegalArgumentException("empty command");
        return out;
    }

    private static IllegalArgumentException shellSyntax(char c, String line) {
        return new IllegalArgumentException("command uses shell syntax ('" + c + "'); run it with shell=true to use a shell: " + line);
    }
}
