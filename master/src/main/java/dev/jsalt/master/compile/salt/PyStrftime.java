package dev.jsalt.master.compile.salt;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.IsoFields;
import java.util.Locale;

/** Python's {@code datetime.strftime} (glibc, C locale) for the common directives. */
final class PyStrftime {
    private PyStrftime() {
    }

    static String format(ZonedDateTime t, String fmt) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                b.append(c);
                continue;
            }
            char d = fmt.charAt(++i);
            switch (d) {
                case 'Y' -> b.append(t.getYear());
                case 'y' -> b.append(two(t.getYear() % 100));
                case 'C' -> b.append(two(t.getYear() / 100));
                case 'm' -> b.append(two(t.getMonthValue()));
                case 'd' -> b.append(two(t.getDayOfMonth()));
                case 'e' -> b.append(String.format("%2d", t.getDayOfMonth()));
                case 'H' -> b.append(two(t.getHour()));
                case 'I' -> b.append(two(t.getHour() % 12 == 0 ? 12 : t.getHour() % 12));
                case 'M' -> b.append(two(t.getMinute()));
                case 'S' -> b.append(two(t.getSecond()));
                case 'f' -> b.append(String.format("%06d", t.getNano() / 1000));
                case 'p' -> b.append(t.getHour() < 12 ? "AM" : "PM");
                case 'j' -> b.append(String.format("%03d", t.getDayOfYear()));
                case 'a' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'A' -> b.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'b', 'h' -> b.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
                case 'B' -> b.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH));
                case 'w' -> b.append(t.getDayOfWeek().getValue() % 7);
                case 'u' -> b.append(t.getDayOfWeek().getValue());
                case 'Z' -> b.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.ENGLISH).equals("Z") ? "UTC"
                        : java.time.format.DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH).format(t));
                case 'z' -> {
                    int secs = t.getOffset().getTotalSeconds();
                    b.append(secs < 0 ? '-' : '+');
                    secs = Math.abs(secs);
                    b.append(two(secs / 3600)).append(two(secs / 60 % 60));
                }
                case 's' -> b.append(t.toEpochSecond());
                case 'G' -> b.append(t.get(IsoFields.WEEK_BASED_YEAR));
                case 'V' -> b.append(two(t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)));
                case 'U' -> b.append(two((t.getDayOfYear() + 6 - (t.getDayOfWeek().getValue() % 7)) / 7));
                case 'W' -> b.append(two((t.getDayOfYear() + 6 - ((t.getDayOfWeek().getValue() + 6) % 7)) / 7));
                case 'D' -> b.append(format(t, "%m/%d/%y"));
                case 'F' -> b.append(format(t, "%Y-%m-%d"));
                case 'T' -> b.append(format(t, "%H:%M:%S"));
                case 'R' -> b.append(format(t, "%H:%M"));
                case 'r' -> b.append(format(t, "%I:%M:%S %p"));
                case 'c' -> b.append(format(t, "%a %b %e %H:%M:%S %Y"));
                case 'x' -> b.append(format(t, "%m/%d/%y"));
                case 'X' -> b.append(format(t, "%H:%M:%S"));
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case '%' -> b.append('%');
                default -> b.append('%').append(d);
            }
        }
        return b.toString();
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

}
