package dev.jsalt.minion.states.ufw;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UfwTupleParserTest {

    @Test
    void readsEveryTupleOfARulesFileAndIgnoresTheIptablesLines() {
        List<UfwRule> v4 = TupleParser.parseFile(UfwFixtures.USER_RULES, false);
        assertEquals(3, v4.size());
        UfwRule ssh = v4.get(0);
        assertEquals("allow", ssh.action());
        assertEquals("in", ssh.direction());
        assertEquals("tcp", ssh.proto());
        assertEquals("22", ssh.dport().toString());
        assertTrue(ssh.src().isAny() && ssh.dst().isAny() && ssh.sport().isAny());
        assertEquals("", ssh.ifaceIn());
        assertFalse(ssh.v6());

        UfwRule mysql = v4.get(1);
        assertEquals("any", mysql.proto());
        assertEquals("tun0", mysql.ifaceIn());

        UfwRule redis = v4.get(2);
        assertEquals("redis x", redis.comment(), "comments are stored hex-encoded");
        assertEquals("6000:6007", redis.dport().toString());
        assertEquals("10.88.0.0/24", redis.src().text());
    }

    @Test
    void readsIpv6TuplesAsIpv6Rules() {
        List<UfwRule> v6 = TupleParser.parseFile(UfwFixtures.USER6_RULES, true);
        assertEquals(3, v6.size());
        UfwRule limited = v6.get(2);
        assertTrue(limited.v6());
        assertEquals("limit", limited.action());
        assertEquals("eth1", limited.ifaceIn());
        assertEquals("2001:db8::5/64", limited.src().text(), "ufw keeps IPv6 host bits; so does the text");
        assertEquals(6, limited.src().family());
    }

    @Test
    void readsOutboundLoggedRoutedAndMultiportTuples() {
        // lines ufw 0.36.2 wrote for: deny out to 1.2.3.4 port 25 proto tcp; allow log-all 53/udp;
        // route allow in on eth0 out on eth1 to 10.0.0.0/8 port 80 proto tcp; reject in on eth1 to any port 80,443
        UfwRule out = TupleParser.parse("### tuple ### deny tcp 25 1.2.3.4 any 0.0.0.0/0 out", false);
        assertEquals("out", out.direction());
        assertEquals("1.2.3.4", out.dst().text());

        UfwRule logged = TupleParser.parse("### tuple ### allow_log-all udp 53 ::/0 any ::/0 in", true);
        assertEquals("allow", logged.action());
        assertEquals("log-all", logged.log());

        UfwRule routed = TupleParser.parse(
                "### tuple ### route:allow tcp 80 10.0.0.0/8 any 0.0.0.0/0 in_eth0!out_eth1", false);
        assertTrue(routed.route());
        assertEquals("eth0", routed.ifaceIn());
        assertEquals("eth1", routed.ifaceOut());
        assertEquals(List.of("route", "allow", "in", "on", "eth0", "out", "on", "eth1", "proto", "tcp",
                "from", "0.0.0.0/0", "to", "10.0.0.0/8", "port", "80"), routed.words(false, false));

        UfwRule multi = TupleParser.parse("### tuple ### reject tcp 80,443 0.0.0.0/0 any 0.0.0.0/0 in_eth1", false);
        assertEquals("80,443", multi.dport().toString());
    }

    @Test
    void readsApplicationAndOldSixFieldTuples() {
        UfwRule app = TupleParser.parse("### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 OpenSSH - in", false);
        assertEquals("OpenSSH", app.dapp());
        assertEquals("", app.sapp());
        assertEquals(List.of("allow", "in", "from", "any", "to", "any", "app", "OpenSSH"), app.words(true, false),
                "ufw refuses proto next to app");

        UfwRule old = TupleParser.parse("### tuple ### deny udp 137 0.0.0.0/0 any 0.0.0.0/0", false);
        assertEquals("in", old.direction(), "pre-direction tuples were all inbound");
    }

    @Test
    void skipsMalformedTuplesLikeUfwDoes() {
        String text = "### tuple ### allow tcp 22\n### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n";
        assertEquals(1, TupleParser.parseFile(text, false).size());
        assertThrows(IllegalArgumentException.class,
                () -> TupleParser.parse("### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 sideways", false));
    }
}
