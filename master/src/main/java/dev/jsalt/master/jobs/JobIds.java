package dev.jsalt.master.jobs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Salt-style job ids: 20 digits of UTC time to the microsecond, strictly increasing within a master. */
public final class JobIds {
    public static final Pattern VALID = Pattern.compile("\\d{20}");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
    private static final AtomicLong last = new AtomicLong();

    private JobIds() {
    }

    public static String next() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        long id = last.updateAndGet(prev -> Math.max(prev + 1, micros));
        long seconds = id / 1_000_000L;
        long frac = id % 1_000_000L;
        return FORMAT.format(Instant.ofEpochSecond(seconds)) + String.format("%06d", frac);
    }
}
