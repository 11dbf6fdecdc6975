package dev.jsalt.minion.grains;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * jsalt's grains on THIS machine against Salt 3006.1's on the corpus machine (a Debian 12 VM of the same kind, see
 * {@link SaltCorpus}) and against this machine read independently (uname, /etc/os-release, {@code ip -j}, getent,
 * id, date, ...).
 *
 * <p>Every key of the corpus is either reported with Salt's type (recursively: ints are ints, lists of ints, null
 * where Salt has None) or listed in {@link #NOT_REPORTED} with the reason. Every key jsalt reports beyond the corpus is
 * listed in {@link #EXTRA} with the reason. The grains that describe the machine must equal the corpus when this
 * machine is of the corpus's kind (same distribution release and kernel build), except those listed in
 * {@link #PER_MACHINE}, which legitimately differ between two such machines: for those, and for the grains that
 * describe the minion process ({@link #PROCESS}), the value is checked against the live machine instead.
 */
class GrainsMachineTest {

    /** Corpus keys jsalt does not report, and why. */
    static final Map<String, String> NOT_REPORTED = Map.of(
            "pythonexecutable", "the interpreter running Salt; the jsalt minion runs no Python",
            "pythonpath", "sys.path of the Salt process; no Python",
            "saltpath", "where the salt package is installed; no salt package");

    /** Corpus keys whose value describes the minion process or its environment: checked against this process. */
    static final Map<String, String> PROCESS = new TreeMap<>(Map.ofEntries(
            Map.entry("cwd", "the minion's working directory (salt-call ran in /)"),
            Map.entry("pid", "the minion's process id"),
            Map.entry("path", "PATH of the minion process (the corpus run had a wrapper directory first)"),
            Map.entry("systempath", "PATH of the minion process, split"),
            Map.entry("shell", "SHELL of the minion process, /bin/sh when unset"),
            Map.entry("username", "user the minion runs as"),
            Map.entry("groupname", "group the minion runs as"),
            Map.entry("uid", "uid the minion runs as"),
            Map.entry("gid", "gid the minion runs as"),
            Map.entry("locale_info", "the locale of the minion's environment; timezone: Salt's packages ship "
                    + "python-dateutil and report the zone's abbreviation, the corpus run had no dateutil ('unknown')"),
            Map.entry("pythonversion", "the Python of Salt 3006.1's packages (3.10.11); the corpus run used Debian's 3.11.2")));

    /** Machine grains that legitimately differ between two machines of the corpus's kind: checked live. */
    static final Map<String, String> PER_MACHINE = new TreeMap<>(Map.ofEntries(
            Map.entry("machine_id", "unique per installation"),
            Map.entry("localhost", "host name"),
            Map.entry("nodename", "host name"),
            Map.entry("fqdn", "host name"),
            Map.entry("host", "host name"),
            Map.entry("domain", "host name"),
            Map.entry("fqdns", "reverse DNS of the machine's addresses"),
            Map.entry("fqdn_ip4", "addresses"),
            Map.entry("fqdn_ip6", "addresses"),
            Map.entry("hwaddr_interfaces", "MAC addresses (the ifb devices get random ones at boot)"),
            Map.entry("ip4_interfaces", "addresses"),
            Map.entry("ip6_interfaces", "addresses"),
            Map.entry("ip_interfaces", "addresses"),
            Map.entry("ipv4", "addresses"),
            Map.entry("ipv6", "addresses"),
            Map.entry("ip_gw", "addresses"),
            Map.entry("ip4_gw", "addresses"),
            Map.entry("ip6_gw", "addresses"),
            Map.entry("mem_total", "memory size"),
            Map.entry("cpu_flags", "the hypervisor host's CPU (the corpus VM's host had AVX-512)"),
            Map.entry("kernelparams", "the hypervisor's boot line for the VM")));

    /** Keys jsalt reports that the corpus machine does not have, and why. */
    static final Map<String, String> EXTRA = Map.of(
            "hostname", "jsalt's own: the kernel host name, as jsalt reported before it had Salt's grains");

    /**
     * Grains Salt reports only on some machines (Ubuntu's /etc/lsb-release, SELinux, DMI firmware data, containers,
     * Xen, LVM, md RAID), none of them on the corpus's kind: allowed in addition to {@link #EXTRA}.
     */
    static final Set<String> CONDITIONAL = Set.of("lsb_distrib_id", "lsb_distrib_release", "lsb_distrib_codename",
            "lsb_distrib_description", "selinux", "virtual_subtype", "virtual_hv_version", "virtual_hv_version_info",
            "virtual_hv_features", "virtual_hv_features_list", "biosversion", "biosvendor", "boardname", "productname",
            "manufacturer", "biosreleasedate", "uuid", "serialnumber", "lvm", "mdadm");

    static Map<String, Object> salt;
    static Map<String, Object> ours;
    static boolean sameKind;

    @BeforeAll
    static void collect() throws IOException {
        salt = SaltCorpus.grains();
        long t = System.nanoTime();
        ours = Grains.collect("deb12", "salt", Map.of());
        long ms = (System.nanoTime() - t) / 1_000_000;
        Map<String, String> osRelease = OsData.parseOsRelease(read("/etc/os-release"));
        sameKind = "debian".equals(osRelease.get("ID")) && "12".equals(osRelease.get("VERSION_ID"))
                && salt.get("kernelrelease").equals(sh("uname", "-r"));
        System.out.println("grains collected in " + ms + " ms; this machine is "
                + (sameKind ? "" : "NOT ") + "of the corpus machine's kind (Debian 12, kernel " + salt.get("kernelrelease") + ")");
    }

    @Test
    void everyCorpusKeyIsReportedWithSaltsTypeOrExcluded() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : salt.entrySet()) {
            String k = e.getKey();
            if (NOT_REPORTED.containsKey(k)) {
                if (ours.containsKey(k)) problems.add(k + ": listed as not reported but reported");
                continue;
            }
            if (!ours.containsKey(k)) {
                problems.add(k + ": missing");
                continue;
            }
            String why = compatible(e.getValue(), ours.get(k));
            if (why != null) problems.add(k + ": " + why + " (Salt " + e.getValue() + ", jsalt " + ours.get(k) + ")");
        }
        for (String k : ours.keySet()) {
            if (!salt.containsKey(k) && !EXTRA.containsKey(k) && !CONDITIONAL.contains(k)) problems.add(k + ": not in Salt's set");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void keysInSaltsOrder() {
        List<String> saltOrder = salt.keySet().stream().filter(ours::containsKey).toList();
        List<String> ourOrder = ours.keySet().stream().filter(salt::containsKey).toList();
        assertEquals(saltOrder, ourOrder);
    }

    @Test
    void machineGrainsEqualTheCorpusOnAMachineOfItsKind() {
        Set<String> exact = new LinkedHashSet<>(salt.keySet());
        exact.removeAll(NOT_REPORTED.keySet());
        exact.removeAll(PROCESS.keySet());
        exact.removeAll(PER_MACHINE.keySet());
        // what is left: the distribution, kernel, CPU model and count, swap, init, virtual, systemd, disks, EFI, ZFS,
        // GPUs, resolver, the Salt release, id/server_id/master (given as in the corpus run)
        if (!sameKind) {
            System.out.println("not the corpus's kind: only the Salt release and the minion's identity are compared");
            exact.retainAll(Set.of("saltversion", "saltversioninfo", "zmqversion", "id", "server_id", "master", "ps"));
        }
        List<String> diffs = new ArrayList<>();
        for (String k : exact) {
            if (!java.util.Objects.equals(salt.get(k), ours.get(k))) diffs.add(k + ": Salt " + salt.get(k) + " | jsalt " + ours.get(k));
        }
        assertTrue(diffs.isEmpty(), String.join("\n", diffs));
        System.out.println("equal to Salt 3006.1's: " + exact);
    }

    @Test
    void distributionAndKernelAsTheMachineSays() throws IOException {
        Map<String, String> osr = naiveOsRelease(read("/etc/os-release"));
        assertEquals(osr.get("VERSION_ID"), ours.get("osrelease"));
        assertEquals(osr.get("VERSION_CODENAME"), ours.get("oscodename"));
        assertEquals(osr.get("NAME"), ours.get("osfullname"));
        if ("debian".equals(osr.get("ID")) || "ubuntu".equals(osr.get("ID"))) {
            String os = osr.get("ID").equals("debian") ? "Debian" : "Ubuntu";
            assertEquals(os, ours.get("os"));
            assertEquals("Debian", ours.get("os_family"));
            int major = Integer.parseInt(osr.get("VERSION_ID").split("\\.")[0]);
            assertEquals(major, ours.get("osmajorrelease"));
            assertEquals(os + "-" + (os.equals("Ubuntu") ? osr.get("VERSION_ID") : String.valueOf(major)), ours.get("osfinger"));
            assertEquals(sh("dpkg", "--print-architecture"), ours.get("osarch"));
        }
        assertEquals(sh("uname", "-s"), ours.get("kernel"));
        assertEquals(sh("uname", "-r"), ours.get("kernelrelease"));
        assertEquals(sh("uname", "-v"), ours.get("kernelversion"));
        assertEquals(sh("uname", "-m"), ours.get("cpuarch"));
        assertEquals(sh("uname", "-n"), ours.get("nodename"));
        assertEquals(sh("hostname"), ours.get("localhost"));
        assertEquals(sh("hostname"), ours.get("hostname"));
    }

    @Test
    void hardwareAsTheMachineSays() throws IOException {
        assertEquals(Integer.parseInt(sh("getconf", "_NPROCESSORS_ONLN")), ours.get("num_cpus"));
        String cpuinfo = read("/proc/cpuinfo");
        String model = cpuinfo.lines().filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse("Unknown");
        assertEquals(model, ours.get("cpu_model"));
        String flags = cpuinfo.lines().filter(l -> l.startsWith("flags")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst().orElse("");
        assertEquals(flags.isEmpty() ? List.of() : List.of(flags.split("\\s+")), ours.get("cpu_flags"));
        Map<String, Long> mem = new TreeMap<>();
        for (String l : read("/proc/meminfo").split("\n")) {
            String[] w = l.split("[:\\s]+");
            if (w.length >= 2) mem.put(w[0], Long.parseLong(w[1]));
        }
        assertEquals((int) (mem.get("MemTotal") / 1024), ours.get("mem_total"));
        assertEquals((int) (mem.get("SwapTotal") / 1024), ours.get("swap_total"));
        String machineId = Files.exists(Path.of("/etc/machine-id")) ? read("/etc/machine-id").strip() : null;
        assertEquals(machineId, ours.get("machine_id"));
        assertEquals(Files.isDirectory(Path.of("/sys/firmware/efi")), ours.get("efi"));
        if (Files.isDirectory(Path.of("/run/systemd/system"))) assertEquals("systemd", ours.get("init"));
        else assertFalse("systemd".equals(ours.get("init")));
        String systemctl = trySh("systemctl", "--version");
        if (systemctl != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> systemd = (Map<String, Object>) ours.get("systemd");
            assertEquals(systemctl.split("\n")[0].split(" ")[1], systemd.get("version"));
            assertEquals(systemctl.split("\n")[1], systemd.get("features"));
        }
        // disks: every non-virtual block device, by what it says of its rotation
        List<String> rotating = new ArrayList<>();
        List<String> solid = new ArrayList<>();
        for (String line : sh("lsblk", "-d", "-n", "-o", "NAME,ROTA").split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length < 2) continue;
            String target = Files.readSymbolicLink(Path.of("/sys/block", w[0])).toString();
            if (target.startsWith("../devices/virtual/")) continue;
            (w[1].equals("1") ? rotating : solid).add(w[0]);
        }
        assertEquals(Set.copyOf(rotating), Set.copyOf((List<?>) ours.get("disks")));
        assertEquals(Set.copyOf(solid), Set.copyOf((List<?>) ours.get("ssds")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void kernelParamsAsTheBootLine() throws IOException {
        String cmdline = read("/proc/cmdline").strip();
        if (cmdline.contains("\"") || cmdline.contains("'") || cmdline.contains("#")) return; // the fixture tests cover quoting
        List<String> keys = new ArrayList<>();
        for (String w : cmdline.split("\\s+")) keys.add(w.split("=", -1)[0]);
        assertEquals(keys, ((List<List<Object>>) ours.get("kernelparams")).stream().map(p -> p.get(0)).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void interfacesAsIpJsonSaysThem() throws IOException {
        JsonNode links = new ObjectMapper().readTree(sh("ip", "-j", "addr", "show"));
        Map<String, Object> ip4 = new LinkedHashMap<>(), ip6 = new LinkedHashMap<>(), all = new LinkedHashMap<>(), hw = new LinkedHashMap<>();
        List<String> v4 = new ArrayList<>(), v6 = new ArrayList<>();
        for (JsonNode link : links) {
            String name = link.get("ifname").asText();
            List<String> a4 = new ArrayList<>(), a6 = new ArrayList<>(), s4 = new ArrayList<>(), s6 = new ArrayList<>();
            for (JsonNode a : link.path("addr_info")) {
                boolean secondary = a.path("secondary").asBoolean(false);
                String local = a.get("local").asText();
                if (a.get("family").asText().equals("inet")) (secondary ? s4 : a4).add(local);
                else (secondary ? s6 : a6).add(local);
            }
            List<String> f4 = new ArrayList<>(a4);
            f4.addAll(s4);
            List<String> f6 = new ArrayList<>(a6);
            f6.addAll(s6);
            ip4.put(name, f4);
            ip6.put(name, f6);
            List<String> both = new ArrayList<>(a4);
            both.addAll(a6);
            both.addAll(s4);
            both.addAll(s6);
            all.put(name, both);
            v4.addAll(f4);
            v6.addAll(f6);
            if (link.has("address") && !link.get("link_type").asText().equals("none")) hw.put(name, link.get("address").asText());
        }
        assertEquals(ip4, ours.get("ip4_interfaces"));
        assertEquals(ip6, ours.get("ip6_interfaces"));
        assertEquals(all, ours.get("ip_interfaces"));
        assertEquals(hw, ours.get("hwaddr_interfaces"));
        assertEquals(sortedNumerically(v4), ours.get("ipv4"));
        assertEquals(sortedNumerically(v6), ours.get("ipv6"));
        assertEquals(List.copyOf(ip4.keySet()), List.copyOf(((Map<String, Object>) ours.get("ip4_interfaces")).keySet()),
                "interfaces in ip's order");
    }

    @Test
    void gatewaysAsIpRouteSaysThem() throws IOException {
        for (String family : List.of("4", "6")) {
            Object expected = false;
            for (JsonNode r : new ObjectMapper().readTree(sh("ip", "-j", "-" + family, "route", "show"))) {
                if (r.path("dst").asText().equals("default") && !r.has("type")) {
                    expected = r.has("gateway") ? r.get("gateway").asText() : true;
                    break;
                }
            }
            assertEquals(expected, ours.get("ip" + family + "_gw"), "ip" + family + "_gw");
        }
        assertEquals(!Boolean.FALSE.equals(ours.get("ip4_gw")) || !Boolean.FALSE.equals(ours.get("ip6_gw")), ours.get("ip_gw"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void namesAsTheResolverSaysThem() throws IOException {
        String fqdn = trySh("hostname", "-f");
        if (fqdn != null) assertEquals(fqdn, ours.get("fqdn"), "hostname -f asks getaddrinfo(AI_CANONNAME) as Salt does");
        String f = (String) ours.get("fqdn");
        assertEquals(f.contains(".") ? f.substring(0, f.indexOf('.')) : f, ours.get("host"));
        assertEquals(f.contains(".") ? f.substring(f.indexOf('.') + 1) : "", ours.get("domain"));
        assertEquals(getent("ahostsv4", f), Set.copyOf((List<String>) ours.get("fqdn_ip4")));
        Set<String> v6 = getent("ahostsv6", f).stream().filter(a -> !a.startsWith("::ffff:")).collect(Collectors.toSet());
        assertEquals(v6, Set.copyOf((List<String>) ours.get("fqdn_ip6")));
        for (String name : (List<String>) ours.get("fqdns")) {
            assertFalse(getent("ahosts", name).isEmpty(), name + " from fqdns does not resolve");
        }
        List<String> nameservers = new ArrayList<>();
        String resolv = Files.exists(Path.of("/run/systemd/resolve/resolv.conf")) ? "/run/systemd/resolve/resolv.conf" : "/etc/resolv.conf";
        for (String line : read(resolv).split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length >= 2 && w[0].equals("nameserver") && !nameservers.contains(w[1])) nameservers.add(w[1]);
        }
        assertEquals(nameservers, ((Map<String, Object>) ours.get("dns")).get("nameservers"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void processGrainsAsThisProcess() throws IOException {
        assertEquals(System.getProperty("user.dir"), ours.get("cwd"));
        assertEquals((int) ProcessHandle.current().pid(), ours.get("pid"));
        String path = System.getenv().getOrDefault("PATH", "").strip();
        assertEquals(path, ours.get("path"));
        assertEquals(Arrays.asList(path.split(":", -1)), ours.get("systempath"));
        assertEquals(System.getenv().getOrDefault("SHELL", "/bin/sh"), ours.get("shell"));
        assertEquals(sh("id", "-un"), ours.get("username"));
        assertEquals(sh("id", "-gn"), ours.get("groupname"));
        assertEquals(Integer.parseInt(sh("id", "-u")), ours.get("uid"));
        assertEquals(Integer.parseInt(sh("id", "-g")), ours.get("gid"));
        Map<String, Object> locale = (Map<String, Object>) ours.get("locale_info");
        assertEquals(sh("date", "+%Z"), locale.get("timezone"));
        String lang = firstLocaleVariable();
        if (lang == null || lang.equals("C") || lang.equals("POSIX")) {
            assertEquals(null, locale.get("defaultlanguage"));
        } else if (lang.equals("C.UTF-8")) {
            assertEquals("en_US", locale.get("defaultlanguage"), "Python maps C.UTF-8 to en_US.UTF-8");
            assertEquals(((Map<String, Object>) salt.get("locale_info")).get("defaultencoding"), locale.get("defaultencoding"));
        }
        assertEquals("utf-8", locale.get("detectedencoding"));
        assertEquals(List.of(3, 10, 11, "final", 0), ours.get("pythonversion"));
    }

    @Test
    void exclusionListsAreConsistent() {
        for (String k : PER_MACHINE.keySet()) assertTrue(salt.containsKey(k), k);
        for (String k : PROCESS.keySet()) assertTrue(salt.containsKey(k), k);
        Set<String> overlap = new LinkedHashSet<>(PER_MACHINE.keySet());
        overlap.retainAll(PROCESS.keySet());
        assertTrue(overlap.isEmpty(), overlap.toString());
        System.out.println("not reported: " + NOT_REPORTED);
        System.out.println("checked against this process: " + PROCESS.keySet());
        System.out.println("checked against this machine: " + PER_MACHINE.keySet());
    }

    @Test
    void typeComparisonCatchesWhatFormulasWouldTripOn() {
        assertNotNull(compatible(12, "12"), "osmajorrelease as a string");
        assertNotNull(compatible(List.of(12), List.of("12")), "osrelease_info of strings");
        assertNotNull(compatible("x", null), "null where Salt has a value");
        assertNotNull(compatible(null, "x"), "a value where Salt has None");
        assertNotNull(compatible(false, "false"), "a bool as a string");
        assertNotNull(compatible(Map.of("version", "252"), Map.of("version", 252)), "nested type");
        assertNotNull(compatible(List.of(Arrays.asList("quiet", null)), List.of(List.of(1))), "kernelparams pair of ints");
        assertEquals(null, compatible(List.of(Arrays.asList("quiet", null), List.of("a", "b")), List.of(List.of("x", "y"))));
        assertEquals(null, compatible(Map.of("lo", List.of("127.0.0.1")), Map.of("eth0", List.of(), "lo", List.of("::1"))));
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    /**
     * Null when {@code ours} has Salt's type for {@code saltValue}, else what differs. Lists: element by element when
     * the lengths agree, else every element must match the type of one of Salt's; maps: the same keys when Salt's
     * keys are the same set, else every value must match the type of one of Salt's values (interface tables).
     */
    static String compatible(Object saltValue, Object ours) {
        if (saltValue == null) return ours == null ? null : "Salt has None";
        if (ours == null) return "null where Salt has a value";
        if (saltValue instanceof Boolean) return ours instanceof Boolean ? null : "not a bool";
        if (saltValue instanceof Integer || saltValue instanceof Long) {
            return ours instanceof Integer || ours instanceof Long ? null : "not an int";
        }
        if (saltValue instanceof String) return ours instanceof String ? null : "not a str";
        if (saltValue instanceof List<?> sl) {
            if (!(ours instanceof List<?> ol)) return "not a list";
            if (sl.isEmpty()) return null;
            if (sl.size() == ol.size()) {
                boolean all = true;
                for (int i = 0; i < sl.size() && all; i++) all = compatible(sl.get(i), ol.get(i)) == null;
                if (all) return null;
            }
            for (Object o : ol) {
                if (sl.stream().noneMatch(s -> compatible(s, o) == null)) return "element " + o + " has no Salt counterpart";
            }
            return null;
        }
        if (saltValue instanceof Map<?, ?> sm) {
            if (!(ours instanceof Map<?, ?> om)) return "not a dict";
            if (sm.isEmpty()) return null;
            if (om.keySet().equals(sm.keySet())) {
                for (Object k : sm.keySet()) {
                    String why = compatible(sm.get(k), om.get(k));
                    if (why != null) return k + ": " + why;
                }
                return null;
            }
            for (Object v : om.values()) {
                if (sm.values().stream().noneMatch(s -> compatible(s, v) == null)) return "value " + v + " has no Salt counterpart";
            }
            return null;
        }
        return "unexpected Salt type " + saltValue.getClass();
    }

    static List<String> sortedNumerically(List<String> addrs) {
        TreeMap<BigInteger, String> m = new TreeMap<>();
        for (String a : addrs) {
            try {
                BigInteger n = new BigInteger(1, java.net.InetAddress.getByName(a).getAddress()); // a literal: no lookup
                m.put(n, a.contains(":") ? NetData.formatIpv6(n) : a);
            } catch (IOException e) {
                fail(a);
            }
        }
        return new ArrayList<>(m.values());
    }

    static Set<String> getent(String db, String name) {
        String out = trySh("getent", db, name);
        if (out == null) return Set.of();
        return out.lines().map(l -> l.split("\\s+")[0]).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static String firstLocaleVariable() {
        for (String v : List.of("LC_ALL", "LC_CTYPE", "LANG", "LANGUAGE")) {
            String s = System.getenv(v);
            if (s != null && !s.isEmpty()) return s;
        }
        return null;
    }

    static Map<String, String> naiveOsRelease(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || line.startsWith("#")) continue;
            String v = line.substring(eq + 1).strip();
            if (v.length() >= 2 && v.charAt(0) == '"' && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
            m.put(line.substring(0, eq), v);
        }
        return m;
    }

    static String read(String path) throws IOException {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    }

    static String sh(String... argv) {
        String out = trySh(argv);
        assertNotNull(out, String.join(" ", argv) + " failed");
        return out;
    }

    static String trySh(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out.strip();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
