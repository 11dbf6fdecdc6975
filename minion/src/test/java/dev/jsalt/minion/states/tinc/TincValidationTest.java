package dev.jsalt.minion.states.tinc;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names, addresses, keys and scripts: what pillar or mine values can and cannot put into tinc's files. */
class TincValidationTest {
    /** A real 1024-bit PKCS#1 public key (openssl rsa -RSAPublicKey_out; tinc.keys itself makes 2048+). */
    static final String KEY = """
            -----BEGIN RSA PUBLIC KEY-----
            MIGJAoGBAJiReF8lqhCCCMlDQj80NO+CLVBImZTBmmE7+m/Xq+O5sAhisG9Jay2r
            0CjQ+z04YqzqqQK81D6HmqVlcAok+UAZZUh0T00whRtUU+VVMzgX3sRM+Y9KhHOb
            PZ6Gt0BTEt+0w9RaelCMtVmPRa1jArbH129mT/vTQcufUSyOsZCpAgMBAAE=
            -----END RSA PUBLIC KEY-----
            """;

    @Test
    void nodeAndNetNamesRejectPathsSpacesAndNewlines() {
        for (String bad : List.of("../etc", "a b", "db1\nConnectTo = evil", "", "a/b", "db-1", "x.y")) {
            assertThrows(IllegalArgumentException.class, () -> TincNames.node(bad), bad);
        }
        for (String bad : List.of("../x", "vpn net", "vpn\n", "-vpn", "a/b", ".")) {
            assertThrows(IllegalArgumentException.class, () -> TincNames.net(bad), bad);
        }
        assertEquals("db_1", TincNames.node("db_1"));
        assertEquals("vpn-lab", TincNames.net("vpn-lab"));
        assertThrows(IllegalArgumentException.class, () -> TincNames.iface("tun0 up"));
        assertThrows(IllegalArgumentException.class, () -> TincNames.iface("averyverylongname0"));
        assertThrows(IllegalArgumentException.class, () -> TincNames.address("10.0.0.1 655\nSubnet = 0.0.0.0/0"));
        String msg = assertThrows(IllegalArgumentException.class, () -> TincNames.node("a\nb")).getMessage();
        assertFalse(msg.contains("\n"), "control characters are escaped in messages: " + msg);
    }

    @Test
    void minionIdsBecomeNodeNames() {
        assertEquals("web_1_example_com", TincNames.fromMinionId("web-1.example.com"));
        assertEquals("db1", TincModule.nodeName("db1"));
    }

    @Test
    void addressesAreParsedStrictlyAndRenderedCanonically() {
        assertEquals("10.88.0.11/24", Cidr.parse("10.88.0.11/24", true).toString());
        assertEquals("10.88.0.11/32", Cidr.parse(" 10.88.0.11 ", false).hostSubnet());
        assertEquals("2001:db8:0:0:0:0:0:1/64", Cidr.parse("2001:db8::1/64", true).toString());
        assertEquals("52:54:00:12:34:56", Cidr.subnet("52:54:00:12:34:56"));
        for (String bad : List.of("10.88.0.11", "10.88.0.256/24", "10.88.0.1/33", "10.88.0.1/24; reboot", "10.88.0.1/24\nip link del eth0",
                "$(reboot)/24", "::g/64", "10.88.0.1/-1", "example.com/24")) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(bad, true), bad);
        }
    }

    @Test
    void tunnelScriptsHoldOnlyValidatedValues() {
        TunnelScripts s = TunnelScripts.of("10.88.0.11/24", List.of("10.99.0.0/16"));
        assertEquals("""
                #!/bin/sh
                # Managed by jsalt (tinc.up): local changes are overwritten.
                # tincd runs tinc-up with INTERFACE set to its tun device.
                set -e
                ip link set dev "$INTERFACE" up
                ip addr replace 10.88.0.11/24 dev "$INTERFACE"
                ip route replace 10.99.0.0/16 dev "$INTERFACE"
                """, s.up());
        assertTrue(s.down().contains("ip addr del 10.88.0.11/24 dev \"$INTERFACE\""));
        assertTrue(s.down().endsWith("ip link set dev \"$INTERFACE\" down\n"));
        assertThrows(IllegalArgumentException.class, () -> TunnelScripts.of("10.88.0.11/24`id`", List.of()));
        assertThrows(IllegalArgumentException.class, () -> TunnelScripts.of("10.88.0.11/24", List.of("0.0.0.0/0 via 1.2.3.4")));
        assertThrows(IllegalArgumentException.class, () -> TunnelScripts.of("10.88.0.11", List.of()), "a prefix is required");
    }

    @Test
    void networkConfigRendersSortedPeersWithoutItself() {
        NetworkConfig c = new NetworkConfig("db1", "tun0", "Router", 655, "ipv4", List.of("db2", "app1", "db1", "app1"));
        assertEquals("""
                # Managed by jsalt (tinc.network): local changes are overwritten.
                Name = db1
                AddressFamily = ipv4
                Interface = tun0
                Mode = router
                Port = 655
                ConnectTo = app1
                ConnectTo = db2
                """, c.render());
        assertThrows(IllegalArgumentException.class, () -> new NetworkConfig("db1", "tun0", "hub", 655, "ipv4", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NetworkConfig("db1", "tun0", "router", 70000, "ipv4", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NetworkConfig("db1", "tun0", "router", 655, "ipv4", List.of("../../x")));
    }

    @Test
    void hostFilesRoundTripAndKeysAreCanonicalised() {
        HostEntry e = HostEntry.fromArgs("db1", Map.of("address", "10.77.0.11", "subnet", "10.88.0.11/32", "port", "655",
                "public_key", KEY.replace("\n", "\r\n") + "\n\n"));
        String text = e.render();
        assertEquals("# Managed by jsalt (tinc.host): local changes are overwritten.\nAddress = 10.77.0.11\n"
                + "Subnet = 10.88.0.11/32\nPort = 655\n\n" + KEY, text);
        HostEntry back = HostEntry.parse(text);
        assertEquals(e, back);
        assertEquals(Map.of("node", "db1", "address", "10.77.0.11", "subnet", "10.88.0.11/32", "port", 655, "public_key", KEY),
                back.info("db1"));
        HostEntry two = HostEntry.fromArgs("x", Map.of("subnet", List.of("10.88.0.1/32", "10.89.0.0/16")));
        assertEquals(List.of("10.88.0.1/32", "10.89.0.0/16"), two.info("x").get("subnet"));
        assertEquals(655, two.info("x").get("port"), "tinc's default port when the file names none");
        assertNull(two.publicKey());
        // tincd's own format: 'Variable value', any case, and an Address with a port
        HostEntry tincd = HostEntry.parse("address 1.2.3.4 700\nSUBNET=10.1.0.0/16\n" + KEY);
        assertEquals("1.2.3.4", tincd.address());
        assertEquals(List.of("10.1.0.0/16"), tincd.subnets());
    }

    @Test
    void membersCannotSmuggleConfigLines() {
        assertThrows(IllegalArgumentException.class, () -> HostEntry.fromArgs("db1",
                Map.of("public_key", KEY + "ConnectTo = evil\n")));
        assertThrows(IllegalArgumentException.class, () -> HostEntry.fromArgs("db1",
                Map.of("public_key", KEY.replace("MIGJ", "Subnet = 0.0.0.0/0\nMIGJ"))));
        assertThrows(IllegalArgumentException.class, () -> HostEntry.fromArgs("db1",
                Map.of("public_key", "-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----")), "not a key");
        assertThrows(IllegalArgumentException.class, () -> HostEntry.fromArgs("db1", Map.of("address", "1.2.3.4\nSubnet = 0.0.0.0/0")));
        assertThrows(IllegalArgumentException.class, () -> HostEntry.fromArgs("db1", Map.of("subnet", "0.0.0.0/0\nPort = 1")));
        assertThrows(IllegalArgumentException.class, () -> HostEntry.fromArgs("db1", Map.of("port", "655\nx")));
        assertThrows(IllegalArgumentException.class, () -> HostEntry.fromArgs("db1", Map.of("Cipher", "none")), "unknown keys");
        assertThrows(IllegalArgumentException.class, () -> HostEntry.fromArgs("db1", "10.0.0.1"));
    }

    @Test
    void configLinesSkipCommentsAndKeyBlocks() {
        var lines = ConfigLines.parse("# c\nName = a\n-----BEGIN RSA PUBLIC KEY-----\nName = hidden\n-----END RSA PUBLIC KEY-----\nConnectTo b\n");
        assertEquals(List.of(new ConfigLines.Line("name", "a"), new ConfigLines.Line("connectto", "b")), lines);
    }
}
