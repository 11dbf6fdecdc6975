package dev.jsalt.minion.states.mysql;

/**
 * Quoting for SQL sent to the {@code mariadb}/{@code mysql} client. Values come from pillar, so every identifier
 * and literal goes through here; nothing else builds SQL from arguments.
 *
 * <p>Literal escaping assumes backslash escapes are active: {@link MysqlClient} starts every batch by removing
 * {@code NO_BACKSLASH_ESCAPES} from the session sql_mode, so a server configured with it cannot turn an escaped
 * quote back into a closing one.
 */
public final class SqlQuote {
    private SqlQuote() {
    }

    /** A string literal: {@code 'it\'s'}. Newlines are escaped too, so the client never sees a raw line break. */
    public static String literal(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\0' -> sb.append("\\0");
                case '\'' -> sb.append("\\'");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\u001a' -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** An identifier (database, table, column): {@code `my``db`}. Empty names and NUL are refused by the server anyway. */
    public static String identifier(String name) {
        if (name.isEmpty()) throw new IllegalArgumentException("empty SQL identifier");
        if (name.indexOf('\0') >= 0) throw new IllegalArgumentException("SQL identifier contains NUL");
        return '`' + name.replace("`", "``") + '`';
    }

    /** An account: {@code 'repl'@'10.77.0.%'}. */
    public static String account(String user, String host) {
        return literal(user) + "@" + literal(host);
    }

    /**
     * A grant target such as {@code *.*}, {@code shop.*} or {@code shop.orders}; each part that is not {@code *}
     * is quoted as an identifier. Backticks around parts are accepted ({@code `shop`.*}).
     */
    public static String grantTarget(String target) {
        GrantTarget t = GrantTarget.parse(target);
        return (t.database().equals("*") ? "*" : identifier(t.database())) + "."
                + (t.table().equals("*") ? "*" : identifier(t.table()));
    }

    /** A database/table pair as written in GRANT statements, without quotes. */
    public record GrantTarget(String database, String table) {
        public static GrantTarget parse(String text) {
            String s = text.strip();
            int dot = splitDot(s);
            String db = dot < 0 ? s : s.substring(0, dot);
            String table = dot < 0 ? "*" : s.substring(dot + 1);
            return new GrantTarget(unquote(db.strip()), unquote(table.strip()));
        }

        /** The dot separating database and table, skipping dots inside backticks. */
        private static int splitDot(String s) {
            boolean inQuote = false;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '`') inQuote = !inQuote;
                else if (c == '.' && !inQuote) return i;
            }
            return -1;
        }

        private static String unquote(String part) {
            if (part.length() >= 2 && part.startsWith("`") && part.endsWith("`")) {
                return part.substring(1, part.length() - 1).replace("``", "`");
            }
            if (part.isEmpty()) throw new IllegalArgumentException("empty database or table in grant target");
            return part;
        }

        @Override
        public String toString() { return database + "." + table; }
    }
}
