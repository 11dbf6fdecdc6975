package dev.jsalt.minion.states.mysql;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A temporary client option file holding the account, so a password never appears in argv or the environment.
 * Created 0600 from the start (no window where another user could read it) and deleted right after use.
 */
final class OptionFile {
    private OptionFile() {
    }

    /** Writes the file for {@code conn}, or returns null when it has no user or password to carry. */
    static Path write(Connection conn) throws IOException {
        String text = render(conn);
        if (text == null) return null;
        Path f = Files.createTempFile("jsalt-my-", ".cnf",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(f, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            delete(f);
            throw e;
        }
        return f;
    }

    static String render(Connection conn) {
        if (conn.user() == null && conn.password() == null) return null;
        StringBuilder sb = new StringBuilder("[client]\n");
        if (conn.user() != null) sb.append("user=").append(quote(conn.user())).append('\n');
        if (conn.password() != null) sb.append("password=").append(quote(conn.password())).append('\n');
        return sb.toString();
    }

    /**
     * Quotes a value the way the option-file parser (mysys my_default.c) reads it back: surrounding double
     * quotes are stripped, which keeps leading/trailing spaces and '#', and backslash escapes are decoded.
     */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    static void delete(Path f) {
        if (f == null) return;
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // a leftover 0600 file in the temp dir is the lesser harm; nothing else to do
        }
    }
}
