package dev.jsalt.cli.bootstrap;

/** POSIX shell quoting for the generated script: every value goes in single quotes, so the shell interprets nothing. */
final class Shell {
    private Shell() {
    }

    /** {@code it's} → {@code 'it'\''s'}: inside single quotes only {@code '} itself needs care. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** A YAML single-quoted scalar; callers reject line breaks first, so the value stays on one line. */
    static String yaml(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
