package dev.jsalt.common.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hello's handshake duration (issue 21): carried when the minion measured it, absent otherwise (and then not on the
 * wire at all, as an older minion's hello), and a value no handshake of this channel can have is dropped, never passed
 * on: the hello itself is still read.
 */
class HelloHandshakeTest {
    private static MinionMessage.Hello decode(String json) {
        return (MinionMessage.Hello) Wire.decodeMinion(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String hello(String handshakeJson) {
        return "{\"type\":\"hello\",\"id\":\"web1\",\"grains\":{\"role\":\"app\"},\"version\":\"0.1.0\",\"handshakeMillis\":"
                + handshakeJson + "}";
    }

    @Test
    void theDurationMakesTheRoundTrip() {
        var hello = new MinionMessage.Hello("web1", Map.of("role", "app"), "0.1.0", "tok", 12.345);
        var back = (MinionMessage.Hello) Wire.decodeMinion(Wire.encode(hello));
        assertEquals(12.345, back.handshakeMillis());
        assertEquals("web1", back.id());
        assertEquals("tok", back.enrolment());
        assertEquals(Map.of("role", "app"), back.grains());
        assertEquals(hello, back);
    }

    @Test
    void withoutItTheHelloIsAsBeforeBothWays() {
        var hello = new MinionMessage.Hello("web1", Map.of(), "0.1.0");
        String json = new String(Wire.encode(hello), StandardCharsets.UTF_8);
        assertFalse(json.contains("handshake"), "an unmeasured hello does not name the field: " + json);
        assertNull(((MinionMessage.Hello) Wire.decodeMinion(Wire.encode(hello))).handshakeMillis());
        // an older minion's hello, as it was written before the field existed
        var old = decode("{\"type\":\"hello\",\"id\":\"web1\",\"grains\":{},\"version\":\"0.0.9\",\"enrolment\":null}");
        assertEquals("web1", old.id());
        assertNull(old.handshakeMillis());
        assertNull(decode(hello("null")).handshakeMillis());
    }

    @Test
    void theLimitsAreZeroAndTheHandshakeTimeout() {
        assertEquals(0.0, decode(hello("0")).handshakeMillis());
        assertEquals(0.25, decode(hello("0.25")).handshakeMillis());
        assertEquals((double) Wire.HANDSHAKE_TIMEOUT_MILLIS, decode(hello(String.valueOf(Wire.HANDSHAKE_TIMEOUT_MILLIS))).handshakeMillis());
        assertNull(decode(hello(String.valueOf(Wire.HANDSHAKE_TIMEOUT_MILLIS + 0.001))).handshakeMillis());
    }

    @Test
    void anAbsurdDurationIsDroppedAndTheHelloKept() {
        for (String bad : List.of("-1", "-0.001", "10000.5", "86400000", "1e308", "1e999", "-1e999")) {
            var h = decode(hello(bad));
            assertNull(h.handshakeMillis(), bad + " was kept");
            assertEquals("web1", h.id(), bad);
            assertEquals(Map.of("role", "app"), h.grains(), bad);
        }
        // made on this side too: a minion's own bad measure never goes out
        for (double bad : new double[]{-5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 10_001}) {
            var h = new MinionMessage.Hello("web1", Map.of(), "0.1.0", null, bad);
            assertNull(h.handshakeMillis(), bad + " was kept");
            assertFalse(new String(Wire.encode(h), StandardCharsets.UTF_8).contains("handshake"));
        }
        assertTrue(MinionMessage.Hello.plausibleHandshake(3.5));
        assertFalse(MinionMessage.Hello.plausibleHandshake(Double.NaN));
    }

    @Test
    void aDurationThatIsNotANumberMakesTheHelloMalformedLikeAnyMistypedField() {
        try {
            decode(hello("{\"ms\":3}"));
            throw new AssertionError("an object was read as a duration");
        } catch (Wire.MalformedMessageException expected) {
            assertTrue(expected.getMessage().contains("malformed"), expected.getMessage());
        }
    }
}
