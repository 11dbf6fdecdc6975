package dev.jsalt.minion.inventory;

import dev.jsalt.minion.exec.CommandRunner;
import dev.jsalt.minion.states.ufw.TupleParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inventory's readers on real command output and file formats, and the collector on a host tree in a temp dir. */
class InventoryParsersTest {

    @Test
    void dpkgKeepsInstalledPackagesOnly() {
        Map<String, String> m = Packages.parseDpkg("bash\tamd64\tinstalled\t5.2.15-2\nlibc6\tamd64\tinstalled\t2.36-9\n"
                + "libc6\ti386\tconfig-files\t2.36-9\noldpkg\tall\tconfig-files\t1.0\n");
        assertEquals(Map.of("bash", "5.2.15-2", "libc6", "2.36-9"), m);
    }

    @Test
    @SuppressWarnings("unchecked")
    void packagesSectionOnThisMachine() throws Exception {
        Map<String, Object> out = (Map<String, Object>) new Packages().collect(new Host(Path.of("/"), new CommandRunner()));
        assertEquals("dpkg", out.get("manager"));
        Map<String, String> installed = (Map<String, String>) out.get("installed");
        assertFalse(installed.getOrDefault("dpkg", "").isEmpty(), installed.toString());
        assertTrue(installed.keySet().stream().noneMatch(n -> n.contains(":")), "arch qualifiers leaked");
        assertTrue(installed.keySet().containsAll((List<String>) out.get("manual")));
    }

    @Test
    void statusAllLines() {
        Map<String, Boolean> m = Services.parseStatusAll(" [ + ]  dbus\n [ - ]  rsync\n [ ? ]  tinc\nnoise\n");
        assertEquals(Boolean.TRUE, m.get("dbus"));
        assertEquals(Boolean.FALSE, m.get("rsync"));
        assertTrue(m.containsKey("tinc"));
        assertNull(m.get("tinc"));
    }

    @Test
    void systemdListings() {
        assertEquals(Map.of("ssh", true, "cron", false), Services.parseUnitFiles(
                "ssh.service enabled enabled\ncron.service disabled enabled\ngetty@.service enabled enabled\n"
                        + "dbus.service static -\n"));
        assertEquals(Map.of("ssh", true, "cron", false), Services.parseUnits(
                "ssh.service loaded active running OpenBSD Secure Shell server\n"
                        + "cron.service loaded inactive dead Regular background\nfoo.service not-found inactive dead foo\n"));
    }

    @Test
    void listeningSocketsWithProcesses() {
        List<Map<String, Object>> l = Listeners.parse(String.join("\n",
                "tcp   LISTEN 0      128          0.0.0.0:22        0.0.0.0:*    users:((\"sshd\",pid=612,fd=3))",
                "tcp   LISTEN 0      80         127.0.0.1:3306      0.0.0.0:*    users:((\"mariadbd\",pid=901,fd=21))",
                "tcp   LISTEN 0      128             [::]:22           [::]:*    users:((\"sshd\",pid=612,fd=4))",
                "udp   UNCONN 0      0      127.0.0.53%lo:53        0.0.0.0:*",
                "udp   UNCONN 0      0                  *:655             *:*    users:((\"tincd\",pid=77,fd=7))"));
        assertEquals(5, l.size());
        assertEquals(Map.of("proto", "tcp", "address", "0.0.0.0", "port", 22, "process", "sshd", "pid", 612), l.get(0));
        assertEquals("::", l.get(1).get("address"));
        assertEquals(3306, l.get(2).get("port"));
        Map<String, Object> dns = l.get(3);
        assertEquals("lo", dns.get("interface"));
        assertNull(dns.get("process"));
        assertEquals("any", l.get(4).get("address"));
        assertEquals("tincd", l.get(4).get("process"));
    }

    @Test
    void ufwRulesPairFamiliesAndBecomeRuleArguments() {
        var rules = new java.util.ArrayList<>(TupleParser.parseFile(String.join("\n",
                "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in_eth1 comment=737368",
                "### tuple ### allow any 3306 0.0.0.0/0 any 10.88.0.0/24 in_tun0",
                "### tuple ### deny udp 53 0.0.0.0/0 any 0.0.0.0/0 out"), false));
        rules.addAll(TupleParser.parseFile("### tuple ### allow tcp 22 ::/0 any ::/0 in_eth1 comment=737368\n", true));
        List<Map<String, Object>> out = Firewall.rules(rules);
        assertEquals(3, out.size());
        assertEquals(List.of("v4", "v6"), out.get(0).get("families"));
        assertEquals(Map.of("action", "allow", "interface", "eth1", "proto", "tcp", "port", "22", "comment", "ssh"),
                out.get(0).get("args"));
        assertEquals(Map.of("action", "allow", "interface", "tun0", "from", "10.88.0.0/24", "port", "3306"), out.get(1).get("args"));
        // an any-address rule only in user.rules must stay IPv4-only when reproduced
        assertEquals(Map.of("action", "deny", "direction", "out", "proto", "udp", "port", "53", "family", "ipv4"),
                out.get(2).get("args"));
    }

    @Test
    void cronSystemAndUserFormats() {
        var sys = Cron.parse("SHELL=/bin/sh\n# m h dom mon dow user command\n17 * * * * root cd / && run-parts --report /etc/cron.hourly\n"
                + "@reboot root /usr/local/bin/warm\n", "/etc/crontab", null);
        assertEquals(2, sys.size());
        assertEquals("17 * * * *", sys.get(0).get("schedule"));
        assertEquals("root", sys.get(0).get("user"));
        assertEquals("cd / && run-parts --report /etc/cron.hourly", sys.get(0).get("command"));
        assertEquals("@reboot", sys.get(1).get("schedule"));
        var user = Cron.parse("*/5 * * * * /home/app/bin/flush --all\n", "/var/spool/cron/crontabs/app", "app");
        assertEquals("app", user.get(0).get("user"));
        assertEquals("/home/app/bin/flush --all", user.get(0).get("command"));
    }

    @Test
    void tincConfig() {
        Map<String, List<String>> v = Tinc.parse("Name = db1\n# c\nConnectTo = app1\nConnectTo=db2\nInterface tun0\n");
        assertEquals(List.of("db1"), v.get("name"));
        assertEquals(List.of("app1", "db2"), v.get("connectto"));
        assertEquals(List.of("tun0"), v.get("interface"));
    }

    @Test
    void collectsFromAHostTreeAndReportsFailingSectionsAsErrors(@TempDir Path root) throws Exception {
        write(root, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
                + "app:x:1001:1001:App User,,,:/home/app:/bin/bash\n");
        write(root, "etc/shells", "# valid\n/bin/sh\n/bin/bash\n");
        write(root, "etc/group", "sudo:x:27:app\napp:x:1001:\n");
        write(root, "etc/tinc/lab/tinc.conf", "Name = app1\nConnectTo = db1\nInterface = tun0\n");
        write(root, "etc/tinc/lab/hosts/app1", "Subnet = 10.88.0.10/32\n");
        write(root, "etc/tinc/lab/hosts/db1", "Subnet = 10.88.0.11/32\n");
        write(root, "etc/ufw/ufw.conf", "ENABLED=yes\nLOGLEVEL=low\n");
        write(root, "etc/default/ufw", "IPV6=no\nDEFAULT_INPUT_POLICY=\"DROP\"\nDEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n");
        write(root, "etc/ufw/user.rules", "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n");
        write(root, "etc/cron.d/backup", "30 2 * * * root /usr/local/bin/backup\n");

        Map<String, Object> inv = new Inventory(root).collect(new CommandRunner(),
                List.of("users", "tinc", "ufw", "cron", "mysql"));
        @SuppressWarnings("unchecked") List<Map<String, Object>> users = (List<Map<String, Object>>) inv.get("users");
        assertEquals(List.of("root", "app"), users.stream().map(u -> u.get("name")).toList());
        assertEquals(List.of("sudo"), users.get(1).get("groups"));
        assertEquals("App User", users.get(1).get("fullname"));
        @SuppressWarnings("unchecked") Map<String, Object> tinc = ((List<Map<String, Object>>) inv.get("tinc")).get(0);
        assertEquals("lab", tinc.get("network"));
        assertEquals(List.of("app1", "db1"), tinc.get("hosts"));
        assertEquals(false, tinc.get("running"));
        @SuppressWarnings("unchecked") Map<String, Object> ufw = (Map<String, Object>) inv.get("ufw");
        assertEquals(true, ufw.get("enabled"));
        assertEquals("deny", ((Map<?, ?>) ufw.get("policies")).get("incoming"));
        assertEquals(1, ((List<?>) ufw.get("rules")).size());
        assertEquals(1, ((List<?>) inv.get("cron")).size());
        assertEquals(false, ((Map<?, ?>) inv.get("mysql")).get("installed"));
        assertFalse(inv.containsKey("packages"), "only the sections asked for");
    }

    private static void write(Path root, String rel, String text) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }
}
