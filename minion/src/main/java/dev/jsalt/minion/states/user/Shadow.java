package dev.jsalt.minion.states.user;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A user's line of /etc/shadow: the password hash and the aging fields, in days since 1970-01-01 or days (null
 * where the field is empty, which chage shows as "never" / -1).
 */
record Shadow(String hash, Long lastChange, Long minDays, Long maxDays, Long warnDays, Long inactiveDays, Long expire) {
    private static final Path FILE = Path.of("/etc/shadow");

    static Optional<Shadow> of(String user) {
        try {
            for (String line : Files.readAllLines(FILE)) {
                String[] f = line.split(":", -1);
                if (f.length >= 8 && f[0].equals(user)) {
                    return Optional.of(new Shadow(f[1], days(f[2]), days(f[3]), days(f[4]), days(f[5]), days(f[6]), days(f[7])));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /etc/shadow: " + e.getMessage(), e);
        }
    }

    private static Long days(String f) {
        if (f.isEmpty()) return null;
        try {
            return Long.parseLong(f);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Salt's aging arguments with the chage option that sets each and how it reads here. -1 means "never" (an empty
     * field), as chage takes it.
     */
    enum Aging {
        DATE("date", "-d"), MINDAYS("mindays", "-m"), MAXDAYS("maxdays", "-M"), WARNDAYS("warndays", "-W"),
        INACTDAYS("inactdays", "-I"), EXPIRE("expire", "-E");

        static final List<Aging> ALL = List.of(values());
        final String arg;
        final String option;

        Aging(String arg, String option) {
            this.arg = arg;
            this.option = option;
        }

        long in(Shadow s) {
            Long v = switch (this) {
                case DATE -> s.lastChange();
                case MINDAYS -> s.minDays();
                case MAXDAYS -> s.maxDays();
                case WARNDAYS -> s.warnDays();
                case INACTDAYS -> s.inactiveDays();
                case EXPIRE -> s.expire();
            };
            return v == null ? -1 : v;
        }
    }
}
