package dev.jsalt.minion.grains;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * Facts about this machine with the names, types and values of a Salt 3006.1 minion on Debian/Ubuntu (docs/grains.md
 * lists them), merged with the static grains from minion.yaml (which win). Collected once when the minion starts:
 * file reads under /proc, /sys and /etc, four short commands run one after another in the background with a timeout
 * ({@code ip addr show}, {@code systemd-detect-virt}, {@code dpkg --print-architecture}, {@code systemctl --version},
 * each only where installed) and name lookups bounded to two seconds in all.
 */
public final class Grains {
    /** The Salt release whose behaviour jsalt implements: what formulas' version checks compare against. */
    public static final String SALT_VERSION = "3006.1";
    public static final List<Integer> SALT_VERSION_INFO = List.of(3006, 1);
    /** The Python of Salt 3006.1's packages (onedir, Python 3.10.11), as sys.version_info. */
    public static final List<Object> PYTHON_VERSION = List.of(3, 10, 11, "final", 0);
    /** The libzmq of Salt 3006.1's packages (pyzmq's bundled libzmq); jsalt speaks the same ZMTP 3.1 via JeroMQ. */
    public static final String ZMQ_VERSION = "4.3.4";
    /** Salt's default {@code master} option, for a minion collected without one. */
    public static final String DEFAULT_MASTER = "salt";

    private Grains() {
    }

    public static Map<String, Object> collect(String id, Map<String, Object> configured) {
        return collect(id, DEFAULT_MASTER, configured);
    }

    /**
     * @param id         the minion id ({@code id}, and {@code server_id} is derived from it as Salt does)
     * @param master     the master's host as configured ({@code master})
     * @param configured static grains from minion.yaml: they replace collected values of the same name
     */
    public static Map<String, Object> collect(String id, String master, Map<String, Object> configured) {
        Map<String, Object> g = new LinkedHashMap<>(machine());
        g.put("master", master);
        g.put("server_id", serverId(id));
        g.put("id", id);
        g.putAll(configured);
        return g;
    }

    private static volatile Map<String, Object> machine;

    /**
     * This machine's grains, collected on first use and kept for the life of the process (a minion process runs
     * one minion; tests and the bench that run several in one JVM share one collection).
     */
    private static Map<String, Object> machine() {
        Map<String, Object> m = machine;
        if (m == null) {
            synchronized (Grains.class) {
                m = machine;
                if (m == null) {
                    m = java.util.Collections.unmodifiableMap(collect(Machine.live(), "", DEFAULT_MASTER));
                    machine = m;
                }
            }
        }
        return m;
    }

    static Map<String, Object> collect(Machine m, String id, String master) {
        long deadline = System.nanoTime() + Names.BUDGET_MILLIS * 1_000_000L;

        // Static facts first, so the commands can start at once.
        String osReleaseText = m.read("/etc/os-release");
        if (osReleaseText == null) osReleaseText = m.read("/usr/lib/os-release");
        Map<String, String> osRelease = OsData.parseOsRelease(osReleaseText);
        Map<String, Object> lsb = OsData.parseLsbRelease(m.read("/etc/lsb-release"));
        Map<String, Object> dist = OsData.distribution(osRelease, lsb);
        boolean linux = m.isDir("/proc/sys/kernel");

        String ipBin = m.which("ip");
        Future<Machine.Output> ipAddr = ipBin == null ? null : m.start(List.of(ipBin, "addr", "show"));
        List<String> virtCommand = VirtualData.firstCommand(m);
        Future<Machine.Output> virt = virtCommand == null ? null : m.start(virtCommand);
        String dpkg = "Debian".equals(dist.get("os_family")) ? m.which("dpkg") : null;
        Future<Machine.Output> osarch = dpkg == null ? null : m.start(List.of(dpkg, "--print-architecture"));
        String systemctl = m.which("systemctl");
        boolean hasSystemd = systemctl != null && m.which("localectl") != null;
        Future<Machine.Output> systemdVersion = hasSystemd ? m.start(List.of(systemctl, "--version")) : null;
        String cpuarch = cpuarch(m);

        String hostname = trimmed(m.read("/proc/sys/kernel/hostname"));
        // Never the resolver: a fresh root or cloud image may have a name nothing resolves (see config.Hostname).
        if (hostname == null) hostname = trimmed(m.read("/etc/hostname"));
        if (hostname == null) hostname = "localhost";
        String resolvPath = m.exists("/run/systemd/resolve/resolv.conf") ? "/run/systemd/resolve/resolv.conf"
                : "/etc/resolv.conf";
        Map<String, Object> dns = NetData.parseResolv(m.read(resolvPath));
        List<Names.HostsEntry> hosts = Names.parseHosts(m.read("/etc/hosts"));
        @SuppressWarnings("unchecked")
        List<String> search = dns == null ? List.of() : new ArrayList<>((List<String>) dns.get("search"));
        if (dns != null && search.isEmpty() && !((String) dns.get("domain")).isEmpty()) search.add((String) dns.get("domain"));
        String host = hostname;
        Future<String> fqdnLookup = Machine.RUNNERS.submit(() -> Names.fqdn(m, host, hosts, search, deadline));

        Map<String, NetData.Iface> ifaces = ipAddr == null ? Map.of() : NetData.parseIpAddr(Machine.join(ipAddr).stdout());
        List<String> ipv4 = NetData.ipAddrs(ifaces, "inet", true);
        List<String> ipv6 = NetData.ipAddrs(ifaces, "inet6", true);
        List<String> reverse = new ArrayList<>(NetData.ipAddrs(ifaces, "inet", false));
        reverse.addAll(NetData.ipAddrs(ifaces, "inet6", false));
        Future<List<String>> fqdns = Machine.RUNNERS.submit(() -> Names.fqdns(m, reverse, deadline));

        Map<String, Object> g = new LinkedHashMap<>();
        // salt/grains/core.py, its grain functions in the order Salt runs them (alphabetical)
        g.put("cwd", System.getProperty("user.dir"));
        if (ipBin != null) {
            Object gw4 = NetData.gateway4(m.read("/proc/net/route"));
            Object gw6 = NetData.gateway6(m.read("/proc/net/ipv6_route"));
            g.put("ip_gw", !Boolean.FALSE.equals(gw4) || !Boolean.FALSE.equals(gw6));
            g.put("ip4_gw", gw4);
            g.put("ip6_gw", gw6);
        }
        if (dns != null) g.put("dns", dns);
        List<String> names = Names.await(fqdns, deadline + 1_000_000_000L);
        g.put("fqdns", names == null ? List.of() : names);
        String machineId = m.exists("/etc/machine-id") ? m.read("/etc/machine-id")
                : m.exists("/var/lib/dbus/machine-id") ? m.read("/var/lib/dbus/machine-id") : null;
        if (machineId != null) g.put("machine_id", machineId.strip());
        g.put("master", master);
        g.put("server_id", serverId(id));
        String fqdn = Names.await(fqdnLookup, deadline + 1_000_000_000L);
        if (fqdn == null) fqdn = hostname;
        g.put("localhost", hostname);
        g.put("fqdn", fqdn);
        int dot = fqdn.indexOf('.');
        g.put("host", dot < 0 ? fqdn : fqdn.substring(0, dot));
        g.put("domain", dot < 0 ? "" : fqdn.substring(dot + 1));
        g.put("hwaddr_interfaces", NetData.hwaddrInterfaces(ifaces));
        g.put("id", id);
        g.put("ip4_interfaces", NetData.familyInterfaces(ifaces, "inet"));
        g.put("ip6_interfaces", NetData.familyInterfaces(ifaces, "inet6"));
        g.put("ipv4", ipv4);
        g.put("ipv6", ipv6);
        g.put("fqdn_ip4", ipv4.isEmpty() ? List.of() : Names.fqdnIps(m, fqdn, false, hosts, deadline));
        g.put("fqdn_ip6", ipv6.isEmpty() ? List.of() : Names.fqdnIps(m, fqdn, true, hosts, deadline));
        g.put("ip_interfaces", NetData.ipInterfaces(ifaces));
        String cmdline = m.read("/proc/cmdline");
        List<List<Object>> kernelparams = cmdline == null ? null : KernelParams.parse(cmdline);
        if (kernelparams != null) g.put("kernelparams", kernelparams);
        g.put("locale_info", LocaleData.localeInfo(m));
        osData(m, g, dist, linux, hostname, cpuarch, osarch, systemdVersion, virt);
        String path = m.env().getOrDefault("PATH", "").strip();
        g.put("path", path);
        g.put("systempath", Arrays.asList(path.split(":", -1)));
        g.put("pythonversion", PYTHON_VERSION);
        g.put("saltversion", SALT_VERSION);
        g.put("saltversioninfo", SALT_VERSION_INFO);
        g.put("zmqversion", ZMQ_VERSION);
        // salt/grains/disks.py
        g.putAll(HwData.disks(m));
        // salt/grains/extra.py
        g.put("shell", m.env().getOrDefault("SHELL", "/bin/sh"));
        g.put("transactional", m.which("transactional-update") != null);
        String efivars = m.exists("/sys/firmware/efi/efivars") ? "/sys/firmware/efi/efivars"
                : m.exists("/sys/firmware/efi/vars") ? "/sys/firmware/efi/vars" : null;
        g.put("efi", efivars != null);
        g.put("efi-secure-boot", efivars != null && secureBoot(m, efivars));
        // salt/grains/lvm.py, mdadm.py
        String lvm = m.which("lvm");
        if (lvm != null) {
            String vgs = m.run(List.of(lvm, "vgs", "-o", "vg_name", "--noheadings")).stdout();
            String lvs = m.run(List.of(lvm, "lvs", "-o", "vg_name,lv_name", "--noheadings")).stdout();
            g.put("lvm", HwData.lvm(vgs, lvs));
        }
        List<String> md = HwData.mdadm(m.read("/proc/mdstat"));
        if (md != null) g.put("mdadm", md);
        // salt/grains/minion_process.py
        ProcessIdentity who = ProcessIdentity.of(m);
        g.put("username", who.username());
        g.put("groupname", who.groupname());
        g.put("pid", HwData.toInt(ProcessHandle.current().pid()));
        g.put("gid", who.gid());
        g.put("uid", who.uid());
        // salt/grains/zfs.py
        boolean zfs = m.which("zpool") != null && (m.exists("/sys/module/zfs") || m.which("zfs-fuse") != null);
        g.put("zfs_support", zfs);
        g.put("zfs_feature_flags", m.which("man") != null && zpoolFeaturesManPage(m));
        // jsalt's own grains
        g.put("hostname", hostname);
        return g;
    }

    /** core.os_data for Linux, its keys in Salt's order. */
    private static void osData(Machine m, Map<String, Object> g, Map<String, Object> dist, boolean linux,
                               String hostname, String cpuarch, Future<Machine.Output> osarch,
                               Future<Machine.Output> systemdVersion, Future<Machine.Output> virt) {
        g.put("num_gpus", 0);
        g.put("gpus", List.of());
        g.put("kernel", linux ? trimmed(m.read("/proc/sys/kernel/ostype")) : System.getProperty("os.name"));
        g.put("nodename", hostname);
        g.put("kernelrelease", linux ? trimmed(m.read("/proc/sys/kernel/osrelease")) : System.getProperty("os.version"));
        g.put("kernelversion", linux ? trimmed(m.read("/proc/sys/kernel/version")) : "");
        g.put("cpuarch", cpuarch);
        if (m.which("selinuxenabled") != null) {
            Map<String, Object> selinux = new LinkedHashMap<>();
            boolean enabled = m.exists("/sys/fs/selinux/enforce");
            selinux.put("enabled", enabled);
            if (m.which("getenforce") != null) {
                String enforce = enabled ? trimmed(m.read("/sys/fs/selinux/enforce")) : null;
                selinux.put("enforced", !enabled ? "Disabled" : "1".equals(enforce) ? "Enforcing" : "Permissive");
            }
            g.put("selinux", selinux);
        }
        if (systemdVersion != null) {
            Map<String, Object> systemd = OsData.systemd(Machine.join(systemdVersion).stdout());
            if (systemd != null) g.put("systemd", systemd);
        }
        g.put("init", OsData.initSystem(m));
        g.putAll(dist);
        String cpuinfo = m.read("/proc/cpuinfo");
        g.putAll(HwData.cpuinfo(cpuinfo));
        String lspci = m.which("lspci");
        if (lspci != null && HwData.hasDisplayDevice(m)) {
            List<Map<String, Object>> gpus = HwData.gpus(m.run(List.of(lspci, "-vmm")).stdout());
            g.put("num_gpus", gpus.size());
            g.put("gpus", gpus);
        }
        g.putAll(HwData.deviceTree(m));
        g.put("osarch", osarch != null ? Machine.join(osarch).text() : cpuarch);
        g.putAll(HwData.meminfo(m.read("/proc/meminfo")));
        Map<String, Object> dmi = HwData.dmi(m);
        g.putAll(dmi);
        Map<String, Object> virtual = VirtualData.virtual(m, virt, cpuinfo, (String) dmi.get("productname"));
        g.putAll(virtual);
        g.putAll(VirtualData.hypervisor(m, virtual.get("virtual")));
        g.put("ps", "openvzhn".equals(virtual.get("virtual"))
                ? "ps -fH -p $(grep -l \"^envID:[[:space:]]*0\\$\" /proc/[0-9]*/status | sed -e \"s=/proc/\\([0-9]*\\)/.*=\\1=\")  | awk '{ $7=\"\"; print }'"
                : "ps -efHww");
        Object osrelease = g.get("osrelease");
        if (osrelease instanceof String s && !s.isEmpty()) {
            g.putAll(OsData.osreleaseData((String) g.get("os"), (String) g.get("osfullname"), s));
        }
    }

    /** uname -m: /proc/sys/kernel/arch (Linux 6.1+), else the JVM's name for it where that is unambiguous. */
    private static String cpuarch(Machine m) {
        String arch = trimmed(m.read("/proc/sys/kernel/arch"));
        if (arch != null && !arch.isEmpty()) return arch;
        String jvm = System.getProperty("os.arch");
        switch (jvm) {
            case "amd64", "x86_64":
                return "x86_64";
            case "aarch64", "ppc64le", "s390x", "riscv64", "ppc64":
                return jvm;
            default:
                String uname = m.which("uname");
                if (uname != null) {
                    Machine.Output out = m.run(List.of(uname, "-m"));
                    if (out.ok()) return out.text();
                }
                return jvm;
        }
    }

    /** Salt 3006's server_id: the SHA-256 of the minion id as an integer, modulo 2^31. */
    public static int serverId(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, digest).mod(BigInteger.TWO.pow(31)).intValue();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** extra.py's __secure_boot: exactly one SecureBoot variable whose last byte is 1. */
    private static boolean secureBoot(Machine m, String efivars) {
        List<String> found = new ArrayList<>();
        boolean flat = efivars.endsWith("/efivars");
        for (String name : m.list(efivars)) {
            if (!name.startsWith("SecureBoot-")) continue;
            String p = efivars + "/" + name + (flat ? "" : "/data");
            if (m.exists(p)) found.add(p);
        }
        if (found.size() != 1) return false;
        byte[] data = m.readBytes(found.get(0), 4096);
        return data != null && data.length > 0 && data[data.length - 1] == 1;
    }

    /** Whether {@code man zpool-features} would find a page (what Salt's zfs.has_feature_flags runs). */
    private static boolean zpoolFeaturesManPage(Machine m) {
        for (String base : List.of("/usr/share/man", "/usr/local/share/man")) {
            for (String section : List.of("5", "7", "8")) {
                for (String ext : List.of("", ".gz", ".xz", ".bz2")) {
                    if (m.exists(base + "/man" + section + "/zpool-features." + section + ext)) return true;
                }
            }
        }
        return false;
    }

    private static String trimmed(String s) {
        return s == null ? null : s.strip();
    }
}
