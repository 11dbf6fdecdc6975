package dev.jsalt.minion.states.ufw;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UfwAddressTest {

    @Test
    void anyHasManySpellings() {
        for (String s : new String[]{"any", "ANY", "", "0.0.0.0/0", "::/0", "10.1.2.3/0"}) {
            assertTrue(Address.parse(s).isAny(), s);
        }
    }

    @Test
    void ipv4NormalisesLikeUfw() {
        assertEquals("10.0.0.5", Address.parse("10.0.0.5/32").text());
        assertEquals("10.0.0.0/24", Address.parse("10.0.0.5/24").text());
        assertEquals("10.0.0.0/16", Address.parse("10.0.0.7/255.255.0.0").text());
        assertEquals(Address.parse("10.0.0.5/24"), Address.parse("10.0.0.0/24"));
        assertNotEquals(Address.parse("10.0.0.5"), Address.parse("10.0.0.6"));
    }

    @Test
    void ipv6ComparesByNetworkButKeepsUfwText() {
        Address a = Address.parse("2001:DB8:0:0::5/64");
        assertEquals("2001:db8::5/64", a.text(), "ufw writes inet_ntop form and keeps host bits");
        assertEquals(Address.parse("2001:db8::/64"), a, "same packets, same address");
        assertEquals("2001:db8::5", Address.parse("2001:db8::5/128").text());
        assertEquals("::1", Address.parse("::1").text());
        assertEquals("fe80::1:0:0:5", Address.parse("fe80:0:0:0:1:0:0:5").text());
        assertEquals("2001:db8:0:1::", Address.parse("2001:db8:0:1:0:0:0:0").text());
        assertEquals("::ffff:10.0.0.1", Address.parse("::ffff:10.0.0.1").text());
        assertEquals(6, Address.parse("::ffff:10.0.0.1").family());
    }

    @Test
    void refusesHostNamesAndBadPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> Address.parse("db1.example.com"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("10.0.0.300"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("10.0.0.0/255.0.255.0"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("2001:db8::g"));
    }
}
