package dev.jsalt.minion.grains;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The grain readers on fixture files (minion/src/test/resources/grains/). Expected values are what Salt 3006.1's
 * own code gives for the same input (its functions were run on these files with Python 3.11 to fix the numbers).
 */
class GrainsParsersTest {

    static String fixture(String name) {
        try (InputStream in = GrainsParsersTest.class.getResourceAsStream("/grains/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static Map<String, Object> os(String osRelease, String lsbRelease) {
        Map<String, Object> g = new java.util.LinkedHashMap<>(OsData.distribution(OsData.parseOsRelease(fixture(osRelease)),
                OsData.parseLsbRelease(lsbRelease == null ? null : fixture(lsbRelease))));
        Object release = g.get("osrelease");
        if (release instanceof String s && !s.isEmpty()) {
            g.putAll(OsData.osreleaseData((String) g.get("os"), (String) g.get("osfullname"), s));
        }
        return g;
    }

    @Test
    void debian12() {
        Map<String, Object> g = os("os-release-debian-12", null);
        assertEquals(List.of("os", "os_family", "oscodename", "osfullname", "osrelease", "osrelease_info",
                "osmajorrelease", "osfinger"), List.copyOf(g.keySet()));
        assertEquals("Debian", g.get("os"));
        assertEquals("Debian", g.get("os_family"));
        assertEquals("bookworm", g.get("oscodename"));
        assertEquals("Debian GNU/Linux", g.get("osfullname"));
        assertEquals("12", g.get("osrelease"));
        assertEquals(List.of(12), g.get("osrelease_info"));
        assertEquals(12, g.get("osmajorrelease"));
        assertEquals("Debian-12", g.get("osfinger"));
    }

    @Test
    void debian11() {
        Map<String, Object> g = os("os-release-debian-11", null);
        assertEquals("Debian", g.get("os"));
        assertEquals("bullseye", g.get("oscodename"));
        assertEquals("11", g.get("osrelease"));
        assertEquals(List.of(11), g.get("osrelease_info"));
        assertEquals(11, g.get("osmajorrelease"));
        assertEquals("Debian-11", g.get("osfinger"));
    }

    @Test
    void ubuntu2204WithLsbRelease() {
        Map<String, Object> g = os("os-release-ubuntu-22.04", "lsb-release-ubuntu-22.04");
        assertEquals(List.of("lsb_distrib_id", "lsb_distrib_release", "lsb_distrib_codename", "lsb_distrib_description",
                "os", "os_family", "oscodename", "osfullname", "osrelease", "osrelease_info", "osmajorrelease",
                "osfinger"), List.copyOf(g.keySet()));
        assertEquals("Ubuntu", g.get("lsb_distrib_id"));
        assertEquals("22.04", g.get("lsb_distrib_release"));
        assertEquals("jammy", g.get("lsb_distrib_codename"));
        assertEquals("Ubuntu 22.04.4 LTS", g.get("lsb_distrib_description"));
        assertEquals("Ubuntu", g.get("os"));
        assertEquals("Debian", g.get("os_family"));
        assertEquals("jammy", g.get("oscodename"));
        assertEquals("Ubuntu", g.get("osfullname"));
        assertEquals("22.04", g.get("osrelease"));
        assertEquals(List.of(22, 4), g.get("osrelease_info"));
        assertEquals(22, g.get("osmajorrelease"));
        assertEquals("Ubuntu-22.04", g.get("osfinger"));
    }

    @Test
    void ubuntu2404() {
        Map<String, Object> g = os("os-release-ubuntu-24.04", "lsb-release-ubuntu-24.04");
        assertEquals("noble", g.get("oscodename"));
        assertEquals(List.of(24, 4), g.get("osrelease_info"));
        assertEquals(24, g.get("osmajorrelease"));
        assertEquals("Ubuntu-24.04", g.get("osfinger"));
        assertEquals("Ubuntu 24.04.1 LTS", g.get("lsb_distrib_description"));
    }

    @Test
    void debianTestingHasNoRelease() {
        Map<String, Object> g = os("os-release-debian-sid", null);
        assertEquals("trixie", g.get("oscodename"));
        assertTrue(g.containsKey("osrelease"));
        assertNull(g.get("osrelease"), "Salt keeps the None from os-release");
        assertFalse(g.containsKey("osfinger"));
        assertFalse(g.containsKey("osmajorrelease"));
    }

    @Test
    void mintIsDebianFamily() {
        Map<String, Object> g = os("os-release-linuxmint-21", null);
        assertEquals("Mint", g.get("os"));
        assertEquals("Debian", g.get("os_family"));
        assertEquals(List.of(21, 3), g.get("osrelease_info"));
        assertEquals("Linux Mint-21", g.get("osfinger"));
    }

    @Test
    void osReleaseSyntax() {
        Map<String, String> m = OsData.parseOsRelease("NAME='My \\\"OS\\\"'\nID=\"x\ny=1\n#C=2\nVERSION_ID=\"3\"\r\nBAD LINE\n");
        assertEquals("My \"OS\"", m.get("NAME"));
        assertEquals("\"x", m.get("ID"), "an unmatched quote stays in the value, as in Python");
        assertEquals("1", m.get("y"));
        assertEquals("3", m.get("VERSION_ID"));
        assertEquals("Linux", OsData.parseOsRelease("").get("PRETTY_NAME"));
        assertFalse(m.containsKey("#C"));
    }

    @Test
    void osreleaseInfoKeepsNonNumericParts() {
        Map<String, Object> g = OsData.osreleaseData("Debian", "Debian GNU/Linux", "12.beta");
        assertEquals(Arrays.asList(12, "beta"), g.get("osrelease_info"));
        assertEquals(12, g.get("osmajorrelease"));
        Map<String, Object> h = OsData.osreleaseData("Foo", "Foo Linux", "rolling");
        assertEquals(List.of("rolling"), h.get("osrelease_info"));
        assertFalse(h.containsKey("osmajorrelease"));
        assertEquals("Foo Linux-rolling", h.get("osfinger"));
    }

    @Test
    void systemdGrain() {
        Map<String, Object> s = OsData.systemd("systemd 252 (252.39-1~deb12u2)\n+PAM +AUDIT -GNUTLS default-hierarchy=unified\n");
        assertEquals("252", s.get("version"));
        assertEquals("+PAM +AUDIT -GNUTLS default-hierarchy=unified", s.get("features"));
        assertNull(OsData.systemd(""));
    }

    @Test
    void resolvConf() {
        Map<String, Object> d = NetData.parseResolv(fixture("resolv.conf-full"));
        assertEquals(List.of("10.0.0.2", "2001:db8::53", "fe80::1%eth0"), d.get("nameservers"));
        assertEquals(List.of("10.0.0.2"), d.get("ip4_nameservers"));
        assertEquals(List.of("2001:db8::53", "fe80::1%eth0"), d.get("ip6_nameservers"));
        assertEquals(List.of("130.155.160.0/255.255.240.0", "130.155.0.0/255.255.0.0", "192.168.1.0/255.255.255.0"),
                d.get("sortlist"));
        assertEquals("example.org", d.get("domain"));
        assertEquals(List.of("corp.example.com", "example.com"), d.get("search"));
        assertEquals(List.of("edns0", "timeout:2"), d.get("options"));
        assertEquals(List.of("nameservers", "ip4_nameservers", "ip6_nameservers", "sortlist", "domain", "search",
                "options"), List.copyOf(d.keySet()));

        Map<String, Object> s = NetData.parseResolv(fixture("resolv.conf-systemd"));
        assertEquals(List.of("192.168.1.1", "fd00::1"), s.get("nameservers"));
        assertEquals(List.of("lan"), s.get("search"));
        assertEquals("", s.get("domain"));
        assertNull(NetData.parseResolv(null));
    }

    @Test
    @SuppressWarnings("unchecked")
    void resolvConfOfTheCorpusMachine() throws Exception {
        Map<String, Object> corpus = SaltCorpus.grains();
        assertEquals(corpus.get("dns"), NetData.parseResolv(fixture("resolv.conf-deb12")));
    }

    @Test
    void kernelParamsOfTheCorpusMachine() throws Exception {
        assertEquals(SaltCorpus.grains().get("kernelparams"), KernelParams.parse(fixture("cmdline-deb12-corpus")));
    }

    @Test
    void kernelParams() {
        assertEquals(List.of(Arrays.asList("BOOT_IMAGE", "/boot/vmlinuz-6.1.0-18-amd64"), Arrays.asList("root", null),
                        Arrays.asList("ro", null), Arrays.asList("quiet", null)),
                KernelParams.parse(fixture("cmdline-debian-grub")), "root=UUID=... has two '=': no value, as in Salt");
        assertEquals(List.of(Arrays.asList("BOOT_IMAGE", "/vmlinuz"), Arrays.asList("root", "/dev/sda1"),
                        Arrays.asList("ro", null), Arrays.asList("dyndbg", "file"), Arrays.asList("drivers/usb/*", null),
                        Arrays.asList("+p\"", null), Arrays.asList("acpi_osi", "!Windows"), Arrays.asList("2012\"", null),
                        Arrays.asList("\"quoted word\"", null), Arrays.asList("a", null), Arrays.asList("init", "/bin/sh")),
                KernelParams.parse(fixture("cmdline-quotes")), "non-POSIX shlex: quotes stay, # ends the line");
        assertNull(KernelParams.parse("a \"b c\n"), "an unclosed quote fails Salt's grain function");
    }

    @Test
    void cpuinfoX86() {
        Map<String, Object> c = HwData.cpuinfo(fixture("cpuinfo-x86_64"));
        assertEquals(2, c.get("num_cpus"));
        assertEquals("AMD EPYC", c.get("cpu_model"));
        List<?> flags = (List<?>) c.get("cpu_flags");
        assertEquals("fpu", flags.get(0));
        assertTrue(flags.contains("hypervisor"));
        assertEquals(List.of("num_cpus", "cpu_model", "cpu_flags"), List.copyOf(c.keySet()));
    }

    @Test
    void cpuinfoArm() {
        Map<String, Object> c = HwData.cpuinfo(fixture("cpuinfo-arm64"));
        assertEquals(2, c.get("num_cpus"));
        assertEquals("Unknown", c.get("cpu_model"), "arm64 cpuinfo has no model name");
        assertEquals("fp", ((List<?>) c.get("cpu_flags")).get(0));
        Map<String, Object> pi = HwData.cpuinfo(fixture("cpuinfo-armv6"));
        assertEquals(1, pi.get("num_cpus"));
        assertEquals("ARMv6", pi.get("cpu_model"));
        assertEquals(List.of("swp", "half", "thumb", "fastmult", "vfp", "edsp", "java", "tls"), pi.get("cpu_flags"));
        Map<String, Object> none = HwData.cpuinfo(null);
        assertEquals(0, none.get("num_cpus"));
        assertEquals(List.of(), none.get("cpu_flags"));
    }

    @Test
    void meminfo() {
        assertEquals(Map.of("mem_total", 15932, "swap_total", 975), HwData.meminfo(fixture("meminfo-swap")));
        assertEquals(Map.of("mem_total", 24105, "swap_total", 0), HwData.meminfo(fixture("meminfo-deb12")));
        assertEquals(Map.of("mem_total", 0, "swap_total", 0), HwData.meminfo(null));
    }

    @Test
    void ipAddrOfTheCorpusKindOfMachine() {
        Map<String, NetData.Iface> i = NetData.parseIpAddr(fixture("ip-addr-deb12"));
        assertEquals(List.of("lo", "ifb0", "ifb1", "eth0"), List.copyOf(i.keySet()));
        assertEquals(Map.of("lo", List.of("127.0.0.1"), "ifb0", List.of(), "ifb1", List.of(), "eth0", List.of("192.0.2.2")),
                NetData.familyInterfaces(i, "inet"));
        assertEquals(List.of("fd00::2", "fe80::fc:ff:fe00:1"), NetData.familyInterfaces(i, "inet6").get("eth0"));
        assertEquals(List.of("192.0.2.2", "fd00::2", "fe80::fc:ff:fe00:1"), NetData.ipInterfaces(i).get("eth0"));
        assertEquals(List.of("127.0.0.1", "192.0.2.2"), NetData.ipAddrs(i, "inet", true));
        assertEquals(List.of("::1", "fd00::2", "fe80::fc:ff:fe00:1"), NetData.ipAddrs(i, "inet6", true));
        assertEquals("02:fc:00:00:00:01", NetData.hwaddrInterfaces(i).get("eth0"));
    }

    @Test
    void ipAddrSecondaryVlanTunnels() {
        Map<String, NetData.Iface> i = NetData.parseIpAddr(fixture("ip-addr-complex"));
        assertEquals(List.of("lo", "enp1s0", "enp1s0.100", "wg0", "docker0", "veth1a2b3c", "tunl0"), List.copyOf(i.keySet()));
        assertEquals("enp1s0", i.get("enp1s0.100").parent);
        assertFalse(i.get("tunl0").up);
        Map<String, Object> hw = NetData.hwaddrInterfaces(i);
        assertFalse(hw.containsKey("wg0"), "link/none has no address");
        assertEquals("0.0.0.0", hw.get("tunl0"));
        assertEquals(List.of("192.168.122.10", "10.9.0.1", "192.168.122.11"), NetData.familyInterfaces(i, "inet").get("enp1s0"));
        assertEquals(List.of("192.168.122.10", "10.9.0.1", "2001:db8:0:1::10", "fe80::5054:ff:fe12:3456", "192.168.122.11"),
                NetData.ipInterfaces(i).get("enp1s0"));
        assertEquals(List.of("10.9.0.1", "10.200.0.1", "127.0.0.1", "172.16.100.2", "172.17.0.1", "192.168.122.10",
                "192.168.122.11"), NetData.ipAddrs(i, "inet", true));
        assertEquals(List.of("2001:db8:0:1::10", "fe80::5054:ff:fe12:3456", "fe80::681b:2cff:fe3d:4e5f"),
                NetData.ipAddrs(i, "inet6", false));
    }

    @Test
    void ipv6AsPythonPrintsIt() {
        assertEquals("::1", NetData.formatIpv6(NetData.ipv6Value("0:0:0:0:0:0:0:1")));
        assertEquals("2001:db8::1:0:0:1", NetData.formatIpv6(NetData.ipv6Value("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", NetData.formatIpv6(NetData.ipv6Value("2001:db8::1:1:1:1:1")));
        assertEquals("fe80::fc:ff:fe00:1", NetData.formatIpv6(NetData.ipv6Value("FE80:0000::FC:FF:FE00:1")));
        assertEquals("::", NetData.formatIpv6(NetData.ipv6Value("::")));
        assertEquals("::ffff:102:304", NetData.formatIpv6(NetData.ipv6Value("::ffff:1.2.3.4")));
        assertNull(NetData.ipv6Value("1::2::3"));
        assertNull(NetData.ipv6Value("10.0.0.1"));
    }

    @Test
    void defaultGateways() {
        assertEquals("192.0.2.1", NetData.gateway4(fixture("proc-net-route-deb12")));
        assertEquals("fd00::1", NetData.gateway6(fixture("proc-net-ipv6_route-deb12")));
        assertEquals(true, NetData.gateway4(fixture("proc-net-route-nogw")), "'default dev ppp0' comes first: no address");
        assertEquals(false, NetData.gateway4(fixture("proc-net-route-none")));
        assertEquals("fe80::1", NetData.gateway6(fixture("proc-net-ipv6_route-ra")));
        assertEquals(false, NetData.gateway6(fixture("proc-net-ipv6_route-none")), "the unreachable null route is no gateway");
        assertEquals(false, NetData.gateway4(null));
    }

    @Test
    void gpusFromLspci() {
        List<Map<String, Object>> gpus = HwData.gpus(fixture("lspci-vmm"));
        assertEquals(List.of(
                Map.of("vendor", "unknown", "model", "GD 5446"),
                Map.of("vendor", "nvidia", "model", "GA100 [A100 SXM4 40GB]"),
                Map.of("vendor", "amd", "model", "Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]"),
                Map.of("vendor", "aspeed", "model", "ASPEED Graphics Family")), gpus);
    }

    @Test
    void mdadmAndLvm() {
        assertNull(HwData.mdadm(null));
        assertEquals(List.of(), HwData.mdadm("Personalities : \nunused devices: <none>\n"));
        assertEquals(List.of("md0", "md1"), HwData.mdadm("Personalities : [raid1]\nmd1 : active raid1 sdb2[1] sda2[0]\n"
                + "      1000 blocks\nmd0 : active raid1 sdb1[1] sda1[0]\nunused devices: <none>\n"));
        assertEquals(Map.of("vg0", List.of("root", "swap"), "vg1", List.of()),
                HwData.lvm("  vg0\n  vg1\n", "  vg0 root\n  vg0 swap\n"));
    }

    @Test
    void serverIdAsSalt3006() {
        assertEquals(1199547603, Grains.serverId("deb12"));
    }

    @Test
    void localeNames() {
        assertEquals(List.of("en_US", "UTF-8"), Arrays.asList(LocaleData.defaultLocale(Map.of("LANG", "C.UTF-8"))));
        assertEquals(Arrays.asList(null, null), Arrays.asList(LocaleData.defaultLocale(Map.of())));
        assertEquals(List.of("de_DE", "UTF-8"),
                Arrays.asList(LocaleData.defaultLocale(Map.of("LC_ALL", "de_DE.utf8", "LANG", "C"))));
        assertEquals(List.of("fr_FR", "ISO8859-1"), Arrays.asList(LocaleData.parseLocaleName("fr_FR")));
        assertEquals(List.of("de_DE", "ISO8859-15"), Arrays.asList(LocaleData.parseLocaleName("de_DE@euro")));
        assertEquals(List.of("en_GB", "ISO8859-15"), Arrays.asList(LocaleData.parseLocaleName("en_GB.ISO-8859-15")));
        assertEquals(List.of("pt_BR", "UTF-8"),
                Arrays.asList(LocaleData.defaultLocale(Map.of("LANGUAGE", "pt_BR.UTF-8:pt:en"))));
        assertEquals("utf-8", LocaleData.detectedEncoding(new String[]{null, null}));
        assertEquals("ISO8859-1", LocaleData.detectedEncoding(new String[]{"fr_FR", "ISO8859-1"}));
    }

    @Test
    void zoneAbbreviations() throws Exception {
        Path zi = Path.of("/usr/share/zoneinfo");
        assumeTrue(Files.isRegularFile(zi.resolve("Europe/Berlin")), "tzdata is not installed");
        byte[] berlin = Files.readAllBytes(zi.resolve("Europe/Berlin"));
        java.util.function.Supplier<ZoneId> b = () -> ZoneId.of("Europe/Berlin");
        assertEquals("CEST", LocaleData.abbreviation(berlin, Instant.parse("2024-07-01T12:00:00Z"), b));
        assertEquals("CET", LocaleData.abbreviation(berlin, Instant.parse("2024-01-01T12:00:00Z"), b));
        assertEquals("CEST", LocaleData.abbreviation(berlin, Instant.parse("2061-07-01T12:00:00Z"), b), "past the table");
        assertEquals("UTC", LocaleData.abbreviation(Files.readAllBytes(zi.resolve("Etc/UTC")), Instant.now(), () -> ZoneId.of("UTC")));
        assertEquals("-03", LocaleData.abbreviation(Files.readAllBytes(zi.resolve("America/Sao_Paulo")),
                Instant.parse("2024-07-01T12:00:00Z"), () -> ZoneId.of("America/Sao_Paulo")));
        assertEquals(List.of("CET", "CEST"), Arrays.asList(LocaleData.posixNames("CET-1CEST,M3.5.0,M10.5.0/3")));
        assertEquals(Arrays.asList("+03", null), Arrays.asList(LocaleData.posixNames("<+03>-3")));
    }

    /** The whole collection on a fixture tree of an Ubuntu 22.04 machine (no commands run off the live machine). */
    @Test
    @SuppressWarnings("unchecked")
    void ubuntuTree(@TempDir Path root) throws IOException {
        write(root, "etc/os-release", fixture("os-release-ubuntu-22.04"));
        write(root, "etc/lsb-release", fixture("lsb-release-ubuntu-22.04"));
        write(root, "etc/resolv.conf", "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lan\n");
        write(root, "etc/hosts", "127.0.0.1 localhost\n127.0.1.1 web1.example.com web1\n");
        write(root, "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        write(root, "proc/sys/kernel/hostname", "web1\n");
        write(root, "proc/sys/kernel/ostype", "Linux\n");
        write(root, "proc/sys/kernel/osrelease", "5.15.0-105-generic\n");
        write(root, "proc/sys/kernel/version", "#115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024\n");
        write(root, "proc/sys/kernel/arch", "x86_64\n");
        write(root, "proc/cpuinfo", fixture("cpuinfo-x86_64"));
        write(root, "proc/meminfo", fixture("meminfo-swap"));
        write(root, "proc/cmdline", fixture("cmdline-debian-grub"));
        write(root, "proc/1/cmdline", "/sbin/init\0splash\0");
        Files.createDirectories(root.resolve("run/systemd/system"));
        Machine m = new Machine(root, Map.of("PATH", "/usr/bin:/bin", "LANG", "en_US.UTF-8", "SHELL", "/bin/bash"));
        Map<String, Object> g = Grains.collect(m, "web1", "salt.example.com");
        assertEquals("web1.example.com", g.get("fqdn"));
        assertEquals("web1", g.get("host"));
        assertEquals("example.com", g.get("domain"));
        assertEquals("web1", g.get("localhost"));
        assertEquals("Ubuntu", g.get("os"));
        assertEquals("Debian", g.get("os_family"));
        assertEquals("Ubuntu-22.04", g.get("osfinger"));
        assertEquals(22, g.get("osmajorrelease"));
        assertEquals(List.of(22, 4), g.get("osrelease_info"));
        assertEquals("jammy", g.get("lsb_distrib_codename"));
        assertEquals("systemd", g.get("init"));
        assertEquals("x86_64", g.get("cpuarch"));
        assertEquals(15932, g.get("mem_total"));
        assertEquals(975, g.get("swap_total"));
        assertEquals("0123456789abcdef0123456789abcdef", g.get("machine_id"));
        assertEquals(Map.of("defaultlanguage", "en_US", "defaultencoding", "UTF-8", "detectedencoding", "utf-8",
                "timezone", "UTC"), g.get("locale_info"));
        assertEquals(List.of("lan"), ((Map<String, Object>) g.get("dns")).get("search"));
        assertEquals("/bin/bash", g.get("shell"));
        assertEquals(List.of("/usr/bin", "/bin"), g.get("systempath"));
        assertEquals("physical", g.get("virtual"));
        assertEquals("3006.1", g.get("saltversion"));
        assertEquals(List.of(3006, 1), g.get("saltversioninfo"));
        List<String> keys = List.copyOf(g.keySet());
        assertTrue(keys.indexOf("init") < keys.indexOf("lsb_distrib_id") && keys.indexOf("lsb_distrib_id") < keys.indexOf("os"),
                "lsb_distrib_* come between init and os, as in Salt: " + keys);
        assertFalse(g.containsKey("ip_gw"), "no ip binary in the tree: no gateway grains, as in Salt");
        assertEquals("web1", g.get("hostname"));
    }

    private static void write(Path root, String rel, String text) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
