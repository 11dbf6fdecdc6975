package dev.jsalt.minion.states.user;

import dev.jsalt.minion.state.Args;

import java.util.regex.Pattern;

/** Debian's rule for user and group names (adduser's default NAME_REGEX, plus a trailing $ for machine accounts). */
public final class AccountNames {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}\\$?");

    private AccountNames() {
    }

    public static String checked(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid " + what + " name: '" + name + "'");
        }
        return name;
    }

    /** {@link #checked(String, String)} for a value of argument {@code key}: a bad name fails naming the argument. */
    public static String checked(Args args, String key, String name, String what) {
        try {
            return checked(name, what);
        } catch (IllegalArgumentException e) {
            throw args.bad(key, "is invalid: " + e.getMessage());
        }
    }
}
