package dev.jsalt.master.compile.files;

import dev.jsalt.master.compile.SourcePos;
import dev.jsalt.master.compile.render.Secrets;

import java.util.Collection;
import java.util.Map;

/**
 * File permission modes as SLS authors write them, normalised to the one form the minion receives: four octal digits
 * in a string ({@code "0644"}).
 *
 * <p>YAML 1.1 reads an unquoted {@code mode: 0644} as the octal integer 420, so shipping the value as YAML typed it
 * would give the minion {@code 420} (i.e. {@code 0420}). The parser therefore keeps the digits of an integer mode as
 * written ({@code "0644"}, {@code "644"}), and every accepted spelling — {@code 644}, {@code 0644}, {@code '644'},
 * {@code '0644'}, {@code '0o644'}, {@code 4755} — means the octal digits shown, as in Salt.
 */
public final class FileModes {
    private FileModes() {
    }

    /**
     * @param arg   the argument name ({@code mode}, {@code dir_mode}, {@code file_mode}), for the error
     * @param value the value as parsed (string of digits, or an integer from a template)
     * @return {@code "0644"}-style, or null when {@code value} is null (no mode: the minion leaves it alone)
     */
    public static String normalise(String arg, Object value, SourcePos pos, String what) {
        if (value == null) return null;
        if (value instanceof Map<?, ?> || value instanceof Collection<?>
                || value instanceof Boolean || value instanceof Double || value instanceof Float
                || (value instanceof String s && Secrets.mentionsSecret(s))) {
            throw pos.error(arg + " of " + what + " must be an octal file mode like '0644', found " + describe(value));
        }
        String text = value.toString().strip();
        if (text.equalsIgnoreCase("keep")) {
            throw pos.error(arg + ": keep (the mode of the source file) is not supported by jsalt; give the mode, like '0644', in " + what);
        }
        String digits = text.startsWith("0o") || text.startsWith("0O") ? text.substring(2) : text;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw pos.error(arg + " '" + text + "' of " + what + " is not an octal file mode (write it like '0644')");
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 4) {
            throw pos.error(arg + " '" + text + "' of " + what + " is out of range (at most 07777)");
        }
        return String.format("%04o", Integer.parseInt(significant, 8));
    }

    private static String describe(Object value) {
        if (value instanceof String s && Secrets.mentionsSecret(s)) return "a secret";
        if (value instanceof Map<?, ?>) return "a mapping";
        if (value instanceof Collection<?>) return "a list";
        return "'" + value + "'";
    }
}
