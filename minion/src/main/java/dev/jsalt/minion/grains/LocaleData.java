package dev.jsalt.minion.grains;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Salt 3006.1's {@code locale_info} grain for the minion process: {@code locale.getdefaultlocale()} (the first of
 * LC_ALL, LC_CTYPE, LANG, LANGUAGE, normalised as Python 3.10 does for the common forms), the detected encoding and
 * the time zone's abbreviation now (what {@code dateutil.tz.tzlocal()}, which Salt's packages ship, gives; that is
 * also what {@code date +%Z} prints).
 */
final class LocaleData {
    private LocaleData() {
    }

    static Map<String, Object> localeInfo(Machine m) {
        String[] lang = defaultLocale(m.env());
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("defaultlanguage", lang[0]);
        g.put("defaultencoding", lang[1]);
        g.put("detectedencoding", detectedEncoding(lang));
        g.put("timezone", timezone(m));
        return g;
    }

    /** {@code locale.getdefaultlocale()}: [language, encoding], either may be null; ["unknown","unknown"] on error. */
    static String[] defaultLocale(Map<String, String> env) {
        String name = null;
        for (String var : new String[]{"LC_ALL", "LC_CTYPE", "LANG", "LANGUAGE"}) {
            String v = env.get(var);
            if (v != null && !v.isEmpty()) {
                name = var.equals("LANGUAGE") ? v.split(":", -1)[0] : v;
                break;
            }
        }
        if (name == null) name = "C";
        return parseLocaleName(name);
    }

    /** Python's {@code locale._parse_localename(normalize(name))} for the locale names systems actually use. */
    static String[] parseLocaleName(String name) {
        String code = normalize(name);
        String modifier = null;
        int at = code.indexOf('@');
        if (at >= 0) {
            modifier = code.substring(at + 1);
            code = code.substring(0, at);
            if (modifier.equals("euro") && !code.contains(".")) return new String[]{code, "iso-8859-15"};
        }
        int dot = code.indexOf('.');
        if (dot >= 0) return new String[]{code.substring(0, dot), code.substring(dot + 1)};
        if (code.equals("C")) return new String[]{null, null};
        if (code.equals("UTF-8")) return new String[]{null, "UTF-8"};
        return new String[]{"unknown", "unknown"}; // Python raises ValueError; Salt then reports "unknown"
    }

    /**
     * Python's {@code locale.normalize} for: C/POSIX; C.UTF-8 (which Python maps to en_US.UTF-8); {@code ll_CC} with
     * or without an encoding (UTF-8 and the ISO 8859 names are spelt as Python spells them; a locale without one
     * gets ISO8859-1, or ISO8859-15 with {@code @euro}, as most of Python's alias table says).
     */
    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("c") || lower.equals("posix")) return "C";
        if (lower.equals("c.utf8") || lower.equals("c.utf-8")) return "en_US.UTF-8";
        String modifier = "";
        String code = name;
        int at = code.indexOf('@');
        if (at >= 0) {
            modifier = code.substring(at);
            code = code.substring(0, at);
        }
        String encoding = null;
        int dot = code.indexOf('.');
        if (dot >= 0) {
            encoding = code.substring(dot + 1);
            code = code.substring(0, dot);
        }
        String[] lc = code.split("_", 2);
        if (lc.length != 2 || !lc[0].matches("[A-Za-z]{2,3}") || !lc[1].matches("[A-Za-z]{2}")) return name;
        code = lc[0].toLowerCase(Locale.ROOT) + "_" + lc[1].toUpperCase(Locale.ROOT);
        if (encoding == null) {
            if (modifier.equals("@euro")) return code + ".ISO8859-15";
            encoding = "ISO8859-1";
        } else {
            encoding = pythonEncodingName(encoding);
            if (modifier.equals("@euro")) modifier = ""; // Python drops @euro once an encoding is given
        }
        return code + "." + encoding + modifier;
    }

    private static String pythonEncodingName(String enc) {
        String e = enc.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (e.equals("utf8")) return "UTF-8";
        if (e.equals("latin1")) return "ISO8859-1";
        if (e.equals("latin9")) return "ISO8859-15";
        if (e.matches("iso8859\\d+")) return "ISO8859-" + e.substring(7);
        return enc;
    }

    /**
     * Salt's {@code __salt_system_encoding__} (Python's encoding of stdin): utf-8 for a UTF-8 or C/POSIX locale
     * (Python coerces C to UTF-8), else the locale's own encoding.
     */
    static String detectedEncoding(String[] locale) {
        String enc = locale[1];
        if (enc == null || enc.equalsIgnoreCase("UTF-8") || enc.equals("unknown")) return "utf-8";
        return enc;
    }

    /** The zone abbreviation in effect now: TZ (a zone name or POSIX string), else /etc/localtime; "UTC" without. */
    static String timezone(Machine m) {
        String tz = m.env("TZ");
        String file = "/etc/localtime";
        if (tz != null) {
            if (tz.isEmpty()) return "UTC";
            String name = tz.startsWith(":") ? tz.substring(1) : tz;
            String candidate = name.startsWith("/") ? name : "/usr/share/zoneinfo/" + name;
            if (m.isFile(candidate)) {
                file = candidate;
            } else {
                String std = posixNames(name)[0];
                return std == null ? "UTC" : std;
            }
        }
        byte[] tzif = m.readBytes(file, 1 << 20);
        if (tzif == null) return "UTC";
        String zoneFile = file;
        String abbr = abbreviation(tzif, Instant.now(), () -> zoneOf(m, zoneFile));
        return abbr == null ? "unknown" : abbr;
    }

    private static ZoneId zoneOf(Machine m, String file) {
        String target = m.readlink(file);
        int i = target.indexOf("zoneinfo/");
        try {
            if (i >= 0) return ZoneId.of(target.substring(i + "zoneinfo/".length()));
            if (file.contains("zoneinfo/")) return ZoneId.of(file.substring(file.indexOf("zoneinfo/") + 9));
            return ZoneId.systemDefault();
        } catch (RuntimeException e) {
            return ZoneId.systemDefault();
        }
    }

    /**
     * The abbreviation a TZif file gives for {@code now}: the type of the last transition at or before now; past the
     * table, the POSIX TZ footer's standard or daylight name (whether daylight time is in effect now comes from
     * {@code zone}'s rules, asked only then: most tzdata files list transitions well past today).
     */
    static String abbreviation(byte[] tzif, Instant now, Supplier<ZoneId> zone) {
        ByteBuffer b = ByteBuffer.wrap(tzif);
        if (tzif.length < 44 || !new String(tzif, 0, 4, StandardCharsets.US_ASCII).equals("TZif")) return null;
        char version = (char) tzif[4];
        int[] counts = counts(b, 20);
        int timeSize = 4;
        int start = 44;
        if (version >= '2') {
            int v1Len = v1Length(counts, 4);
            start = 44 + v1Len;
            if (tzif.length < start + 44) return null;
            counts = counts(b, start + 20);
            start += 44;
            timeSize = 8;
        }
        int isutcnt = counts[0], isstdcnt = counts[1], leapcnt = counts[2], timecnt = counts[3], typecnt = counts[4],
                charcnt = counts[5];
        int timesAt = start;
        int idxAt = timesAt + timecnt * timeSize;
        int typesAt = idxAt + timecnt;
        int charsAt = typesAt + typecnt * 6;
        int end = charsAt + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt;
        if (typecnt == 0 || tzif.length < charsAt + charcnt) return null;
        long nowSec = now.getEpochSecond();
        int type = -1;
        long lastTransition = Long.MIN_VALUE;
        for (int i = 0; i < timecnt; i++) {
            long t = transitionTime(b, timesAt, i, timeSize);
            if (t <= nowSec) {
                type = tzif[idxAt + i] & 0xff;
                lastTransition = t;
            }
        }
        String footer = null;
        if (version >= '2' && end < tzif.length && tzif[end] == '\n') {
            int close = indexOf(tzif, (byte) '\n', end + 1);
            if (close > end) footer = new String(tzif, end + 1, close - end - 1, StandardCharsets.US_ASCII);
        }
        boolean pastTable = timecnt == 0 || nowSec >= lastTransition && lastTransition == transitionTime(b, timesAt,
                timecnt - 1, timeSize);
        if (pastTable && footer != null && !footer.isEmpty()) {
            String[] names = posixNames(footer);
            if (names[1] != null && zone.get().getRules().isDaylightSavings(now)) return names[1];
            if (names[0] != null) return names[0];
        }
        if (type < 0) type = 0;
        int abbrIndex = tzif[typesAt + type * 6 + 5] & 0xff;
        int zero = indexOf(tzif, (byte) 0, charsAt + abbrIndex);
        if (zero < 0 || zero > charsAt + charcnt) return null;
        return new String(tzif, charsAt + abbrIndex, zero - charsAt - abbrIndex, StandardCharsets.US_ASCII);
    }

    private static long transitionTime(ByteBuffer b, int timesAt, int i, int timeSize) {
        return timeSize == 8 ? b.getLong(timesAt + i * 8) : b.getInt(timesAt + i * 4);
    }

    private static int[] counts(ByteBuffer b, int at) {
        int[] c = new int[6];
        for (int i = 0; i < 6; i++) c[i] = b.getInt(at + i * 4);
        return c;
    }

    private static int v1Length(int[] c, int timeSize) {
        return c[3] * timeSize + c[3] + c[4] * 6 + c[5] + c[2] * (timeSize + 4) + c[1] + c[0];
    }

    private static int indexOf(byte[] a, byte v, int from) {
        for (int i = Math.max(0, from); i < a.length; i++) if (a[i] == v) return i;
        return -1;
    }

    /** The standard and daylight names of a POSIX TZ string ({@code CET-1CEST,M3.5.0,...}, {@code <+03>-3}). */
    static String[] posixNames(String tz) {
        String[] out = new String[2];
        int[] pos = {0};
        out[0] = posixName(tz, pos);
        if (out[0] == null) return out;
        while (pos[0] < tz.length() && "+-0123456789:".indexOf(tz.charAt(pos[0])) >= 0) pos[0]++;
        if (pos[0] < tz.length() && tz.charAt(pos[0]) != ',') out[1] = posixName(tz, pos);
        return out;
    }

    private static String posixName(String tz, int[] pos) {
        int i = pos[0];
        if (i >= tz.length()) return null;
        if (tz.charAt(i) == '<') {
            int close = tz.indexOf('>', i);
            if (close < 0) return null;
            pos[0] = close + 1;
            return tz.substring(i + 1, close);
        }
        int j = i;
        while (j < tz.length() && Character.isLetter(tz.charAt(j))) j++;
        if (j - i < 3) return null;
        pos[0] = j;
        return tz.substring(i, j);
    }
}
