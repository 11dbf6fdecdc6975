package dev.jsalt.minion.grains;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution grains as Salt 3006.1 derives them on Linux ({@code salt/grains/core.py}: {@code
 * _linux_distribution_data}, {@code _os_release_to_grains}, {@code _osrelease_data}, {@code _linux_init_system},
 * {@code _systemd}): from os-release, plus the {@code lsb_distrib_*} grains when {@code /etc/lsb-release} exists
 * (Ubuntu). Salt trusts os-release alone for Debian and Ubuntu; for other distributions jsalt does the same (Salt's
 * legacy heuristics are not reproduced).
 */
final class OsData {
    private OsData() {
    }

    // Python's platform.freedesktop_os_release() line syntax and unescaping.
    private static final Pattern OS_RELEASE_LINE = Pattern.compile("^([a-zA-Z0-9_]+)=([\"']?)(.*)\\2$");
    private static final Pattern OS_RELEASE_UNESCAPE = Pattern.compile("\\\\([\\\\$\"'`])");
    // Salt's _LSB_REGEX (re.match: anchored at the start only).
    private static final Pattern LSB_LINE = Pattern.compile(
            "^(DISTRIB_(?:ID|RELEASE|CODENAME|DESCRIPTION))=(?:'|\")?([\\w\\s.\\-_]+)(?:'|\")?",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern REPLACE_LINUX = Pattern.compile("\\W(?:gnu/)?linux",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern VERSION_RE = Pattern.compile("\\d[\\d.+\\-a-z]* \\((.+)\\)");

    /** Salt's _OS_NAME_MAP: first ten characters (no spaces, lower case) of the full name → the "os" grain. */
    static final Map<String, String> OS_NAME_MAP = Map.ofEntries(
            Map.entry("redhatente", "RedHat"), Map.entry("gentoobase", "Gentoo"), Map.entry("archarm", "Arch ARM"),
            Map.entry("arch", "Arch"), Map.entry("debian", "Debian"), Map.entry("Junos", "Junos"),
            Map.entry("raspbian", "Raspbian"), Map.entry("fedoraremi", "Fedora"), Map.entry("chapeau", "Chapeau"),
            Map.entry("korora", "Korora"), Map.entry("amazonami", "Amazon"), Map.entry("alt", "ALT"),
            Map.entry("enterprise", "OEL"), Map.entry("oracleserv", "OEL"), Map.entry("cloudserve", "CloudLinux"),
            Map.entry("cloudlinux", "CloudLinux"), Map.entry("almalinux", "AlmaLinux"), Map.entry("pidora", "Fedora"),
            Map.entry("scientific", "ScientificLinux"), Map.entry("synology", "Synology"),
            Map.entry("nilrt", "NILinuxRT"), Map.entry("poky", "Poky"), Map.entry("manjaro", "Manjaro"),
            Map.entry("manjarolin", "Manjaro"), Map.entry("univention", "Univention"),
            Map.entry("antergos", "Antergos"), Map.entry("sles", "SUSE"), Map.entry("void", "Void"),
            Map.entry("slesexpand", "RES"), Map.entry("linuxmint", "Mint"), Map.entry("neon", "KDE neon"),
            Map.entry("pop", "Pop"), Map.entry("rocky", "Rocky"), Map.entry("alibabaclo", "Alinux"),
            Map.entry("mendel", "Mendel"));

    /** Salt's _ID_AND_NAME_TO_OS_NAME_MAP. */
    private static final Map<List<String>, String> ID_AND_NAME = Map.of(
            List.of("astra", "Astra Linux (Orel)"), "AstraLinuxCE",
            List.of("astra", "Astra Linux (Smolensk)"), "AstraLinuxSE",
            List.of("pop", "Pop!_OS"), "Pop");

    /** Salt's _OS_FAMILY_MAP (used for the distributions Salt does not read from os-release alone). */
    static final Map<String, String> OS_FAMILY_MAP = Map.ofEntries(
            Map.entry("Ubuntu", "Debian"), Map.entry("Fedora", "RedHat"), Map.entry("Chapeau", "RedHat"),
            Map.entry("Korora", "RedHat"), Map.entry("FedBerry", "RedHat"), Map.entry("CentOS", "RedHat"),
            Map.entry("CentOS Stream", "RedHat"), Map.entry("GoOSe", "RedHat"), Map.entry("Scientific", "RedHat"),
            Map.entry("Amazon", "RedHat"), Map.entry("CloudLinux", "RedHat"), Map.entry("AlmaLinux", "RedHat"),
            Map.entry("OVS", "RedHat"), Map.entry("OEL", "RedHat"), Map.entry("XCP", "RedHat"),
            Map.entry("XCP-ng", "RedHat"), Map.entry("XenServer", "RedHat"), Map.entry("RES", "RedHat"),
            Map.entry("Sangoma", "RedHat"), Map.entry("VMware Photon OS", "RedHat"), Map.entry("Mandrake", "Mandriva"),
            Map.entry("Mint", "Debian"), Map.entry("VMwareESX", "VMware"), Map.entry("Bluewhite64", "Bluewhite"),
            Map.entry("Slamd64", "Slackware"), Map.entry("SLES", "Suse"), Map.entry("SUSE Enterprise Server", "Suse"),
            Map.entry("SUSE  Enterprise Server", "Suse"), Map.entry("SLED", "Suse"), Map.entry("openSUSE", "Suse"),
            Map.entry("SUSE", "Suse"), Map.entry("openSUSE Leap", "Suse"), Map.entry("openSUSE Tumbleweed", "Suse"),
            Map.entry("SLES_SAP", "Suse"), Map.entry("Arch ARM", "Arch"), Map.entry("Manjaro", "Arch"),
            Map.entry("Manjaro ARM", "Arch"), Map.entry("Antergos", "Arch"), Map.entry("EndeavourOS", "Arch"),
            Map.entry("ALT", "RedHat"), Map.entry("Trisquel", "Debian"), Map.entry("GCEL", "Debian"),
            Map.entry("Linaro", "Debian"), Map.entry("elementary OS", "Debian"), Map.entry("elementary", "Debian"),
            Map.entry("Univention", "Debian"), Map.entry("ScientificLinux", "RedHat"), Map.entry("Raspbian", "Debian"),
            Map.entry("Devuan", "Debian"), Map.entry("antiX", "Debian"), Map.entry("Kali", "Debian"),
            Map.entry("Parrot OS", "Debian"), Map.entry("neon", "Debian"), Map.entry("Cumulus", "Debian"),
            Map.entry("Deepin", "Debian"), Map.entry("NILinuxRT", "NILinuxRT"), Map.entry("KDE neon", "Debian"),
            Map.entry("Void", "Void"), Map.entry("IDMS", "Debian"), Map.entry("Funtoo", "Gentoo"),
            Map.entry("TurnKey", "Debian"), Map.entry("Pop", "Debian"), Map.entry("Rocky", "RedHat"),
            Map.entry("AstraLinuxCE", "Debian"), Map.entry("AstraLinuxSE", "Debian"), Map.entry("Alinux", "RedHat"),
            Map.entry("Mendel", "Debian"), Map.entry("OSMC", "Debian"));

    /** The os-release IDs Salt 3006 derives the distribution grains from os-release alone for. */
    static final Set<String> OS_RELEASE_ONLY = Set.of("almalinux", "astra", "debian", "linuxmint", "mendel", "pop",
            "rocky", "ubuntu");

    /** Python's platform.freedesktop_os_release(): NAME, ID and PRETTY_NAME default to Linux, later lines win. */
    static Map<String, String> parseOsRelease(String text) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("NAME", "Linux");
        info.put("ID", "linux");
        info.put("PRETTY_NAME", "Linux");
        if (text == null) return info;
        for (String line : lines(text)) {
            Matcher m = OS_RELEASE_LINE.matcher(line);
            if (m.matches()) info.put(m.group(1), OS_RELEASE_UNESCAPE.matcher(m.group(3)).replaceAll("$1"));
        }
        return info;
    }

    /** Salt's _parse_lsb_release(): {@code lsb_distrib_id}, ..._release, ..._codename, ..._description. */
    static Map<String, Object> parseLsbRelease(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null) return out;
        for (String line : lines(text)) {
            Matcher m = LSB_LINE.matcher(line);
            if (m.lookingAt()) out.put("lsb_" + m.group(1).toLowerCase(Locale.ROOT), m.group(2).stripTrailing());
        }
        return out;
    }

    /** Lines as Python's text mode reads them (universal newlines). */
    static String[] lines(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    }

    /** Salt's _derive_os_grain. */
    static String deriveOs(String osfullname, String osId) {
        String mapped = ID_AND_NAME.get(Arrays.asList(osId, osfullname));
        if (mapped != null) return mapped;
        String distroname = REPLACE_LINUX.matcher(osfullname).replaceAll("").strip();
        String shortname = distroname.replace(" ", "").toLowerCase(Locale.ROOT);
        if (shortname.length() > 10) shortname = shortname.substring(0, 10);
        return OS_NAME_MAP.getOrDefault(shortname, distroname);
    }

    /** Salt's _family_id: the oldest ancestor in ID_LIKE (Debian for anything derived from Debian or Ubuntu). */
    static String familyId(String osId, String idLike) {
        if (idLike == null || idLike.isEmpty()) return osId;
        List<String> ids = new ArrayList<>();
        ids.add(osId);
        ids.addAll(Arrays.asList(idLike.strip().split("\\s+")));
        if (ids.contains("debian") || ids.contains("ubuntu")) return "debian";
        return ids.get(ids.size() - 1);
    }

    /** Python's str.capitalize(), as Salt's _prettify_os_family uses it. */
    static String capitalize(String s) {
        if (s.isEmpty()) return s;
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
    }

    /**
     * The {@code lsb_distrib_*} (when /etc/lsb-release has them), {@code os}, {@code os_family}, {@code oscodename},
     * {@code osfullname} and {@code osrelease} grains, in Salt's order. {@code oscodename}/{@code osrelease} are
     * null when os-release has neither the field nor a quirk that supplies it (Salt keeps the None).
     */
    static Map<String, Object> distribution(Map<String, String> osRelease, Map<String, Object> lsb) {
        Map<String, Object> g = new LinkedHashMap<>(lsb);
        String id = osRelease.get("ID");
        String family = familyId(id, osRelease.get("ID_LIKE"));
        String os = deriveOs(osRelease.get("NAME"), id);
        g.put("os", os);
        g.put("os_family", OS_RELEASE_ONLY.contains(id) ? prettifyFamily(family) : OS_FAMILY_MAP.getOrDefault(os, os));
        String codename = osRelease.get("VERSION_CODENAME");
        g.put("oscodename", codename != null && !codename.isEmpty() ? codename : codenameQuirk(osRelease));
        g.put("osfullname", osRelease.get("NAME").strip());
        String release = osRelease.get("VERSION_ID");
        g.put("osrelease", release != null && !release.isEmpty() ? release : releaseQuirk(osRelease));
        return g;
    }

    private static String prettifyFamily(String familyId) {
        return "fedora".equals(familyId) ? "RedHat" : capitalize(familyId);
    }

    private static String codenameQuirk(Map<String, String> osRelease) {
        String id = osRelease.get("ID");
        if (id.equals("astra")) return osRelease.get("VARIANT_ID");
        if (id.equals("almalinux") || id.equals("rocky")) {
            Matcher m = VERSION_RE.matcher(osRelease.getOrDefault("VERSION", ""));
            if (m.lookingAt()) return m.group(1);
        }
        return null;
    }

    private static String releaseQuirk(Map<String, String> osRelease) {
        if (osRelease.get("ID").equals("mendel")) {
            String[] words = osRelease.get("PRETTY_NAME").strip().split("\\s+");
            if (words.length >= 3) return words[2];
        }
        return null;
    }

    /**
     * Salt's _osrelease_data: {@code osrelease_info} (numeric parts as ints), {@code osmajorrelease} (an int, absent
     * when the first part is not a number) and {@code osfinger} ({@code Ubuntu-22.04}, {@code Debian-12}).
     */
    static Map<String, Object> osreleaseData(String os, String osfullname, String osrelease) {
        Map<String, Object> g = new LinkedHashMap<>();
        List<Object> info = new ArrayList<>();
        for (String part : osrelease.split("\\.", -1)) {
            info.add(isDigits(part) ? (Object) parseIntLoose(part) : part);
        }
        g.put("osrelease_info", info);
        Object first = info.get(0);
        if (first instanceof Number n) g.put("osmajorrelease", n);
        String osName = Set.of("Debian", "FreeBSD", "OpenBSD", "NetBSD", "Mac", "Raspbian").contains(os) ? os : osfullname;
        Object version = Set.of("Ubuntu", "Pop").contains(os) ? osrelease : first;
        g.put("osfinger", osName + "-" + version);
        return g;
    }

    /** Python's str.isdigit() for ASCII input. */
    private static boolean isDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    private static Object parseIntLoose(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return new java.math.BigInteger(digits).longValue();
        }
    }

    /** Salt's _systemd: version = second word of the first line, features = the second line. */
    static Map<String, Object> systemd(String systemctlVersion) {
        String[] lines = systemctlVersion.split("\n");
        if (lines.length < 2) return null;
        String[] words = lines[0].strip().split("\\s+");
        if (words.length < 2) return null;
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("version", words[1]);
        g.put("features", lines[1]);
        return g;
    }

    /** Salt's _linux_init_system. */
    static String initSystem(Machine m) {
        if (m.exists("/run/systemd/system")) return "systemd";
        String raw = m.read("/proc/1/cmdline");
        if (raw == null) return "unknown";
        List<String> cmdline = Arrays.asList(raw.replace('\0', ' ').strip().split("\\s+"));
        if (cmdline.isEmpty() || cmdline.get(0).isEmpty()) return "unknown";
        String initBin = m.which(cmdline.get(0));
        if (initBin != null && initBin.endsWith("bin/init")) {
            return scanInitBinary(m, initBin);
        }
        String supervisord = m.which("supervisord");
        if (supervisord != null && cmdline.contains(supervisord)) return "supervisord";
        String dumbInit = m.which("dumb-init");
        if (dumbInit != null && cmdline.contains(dumbInit)) return "dumb-init";
        String tini = m.which("tini");
        if (tini != null && cmdline.contains(tini)) return "tini";
        if (cmdline.equals(List.of("runit"))) return "runit";
        if (cmdline.contains("/sbin/my_init")) return "runit";
        return "unknown";
    }

    /** The first of upstart, sysvinit, systemd found in the init binary (read in 256 KiB chunks, as Salt does). */
    private static String scanInitBinary(Machine m, String initBin) {
        byte[] all = m.readBytes(initBin, 64 << 20);
        if (all == null) return "unknown";
        int chunk = 262144;
        int edge = "sysvinit".length() - 1;
        String[] inits = {"upstart", "sysvinit", "systemd"};
        for (int start = 0; start < all.length; start += chunk) {
            int from = Math.max(0, start - edge);
            String buf = new String(all, from, Math.min(all.length, start + chunk) - from,
                    java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            for (String item : inits) if (buf.contains(item)) return item;
        }
        return "unknown";
    }
}
