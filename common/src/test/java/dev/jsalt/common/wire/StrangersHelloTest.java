package dev.jsalt.common.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hello from a key that is not accepted is read for its fields, not its grains; anything else such a key sends is nothing. */
class StrangersHelloTest {

    @Test
    void aHelloIsReadWithoutItsGrainsAndOtherwiseAsInFull() {
        MinionMessage.Hello sent = new MinionMessage.Hello("web1", Map.of("os", "Debian", "ipv4", java.util.List.of("10.0.0.5"),
                "nested", Map.of("a", Map.of("b", 1))), "0.1.0", "tok-123", 42.5);
        byte[] wire = Wire.encode(sent);
        MinionMessage.Hello full = (MinionMessage.Hello) Wire.decodeMinion(wire);
        MinionMessage.Hello header = Wire.decodeStrangersHello(wire);
        assertEquals(new MinionMessage.Hello(full.id(), Map.of(), full.version(), full.enrolment(), full.handshakeMillis()), header);
        assertTrue(header.grains().isEmpty());
    }

    @Test
    void otherMessagesAreNothingAndMalformedOnesAreRefusedAsInFull() {
        assertNull(Wire.decodeStrangersHello(Wire.encode(new MinionMessage.Keepalive())));
        for (String bad : new String[]{"[]", "{\"id\":\"x\"}", "{\"type\":\"hello\",\"id\":{\"a\":1}}", "{\"type\":\"hello\",",
                "{\"type\":\"hello\",\"handshakeMillis\":\"soon\"}", "\u00ff"}) {
            assertThrows(Wire.MalformedMessageException.class, () -> Wire.decodeStrangersHello(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }
}
