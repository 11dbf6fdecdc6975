package dev.jsalt.minion.states.ufw;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UfwPortsTest {

    @Test
    void listsAreOrderedLikeUfwSoOrderDoesNotMatter() {
        assertEquals(Ports.parse("80,443"), Ports.parse("443, 80"));
        assertEquals("22,80,443,1000:1100", Ports.parse("1000:1100,443,22,80").toString());
        assertEquals(Ports.parse(List.of(443, 80)), Ports.parse("80,443"));
        assertEquals("6000:6007", Ports.parse("6000-6007").toString());
        assertEquals("22", Ports.parse(22).toString());
        assertEquals("22", Ports.parse("22:22").toString());
    }

    @Test
    void containsAndProtoRequirement() {
        assertTrue(Ports.ANY.contains(22));
        assertTrue(Ports.parse("20:30").contains(22));
        assertFalse(Ports.parse("80,443").contains(22));
        assertFalse(Ports.parse(22).needsProto());
        assertTrue(Ports.parse("6000:6007").needsProto());
        assertTrue(Ports.parse("80,443").needsProto());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Ports.parse("ssh"));
        assertThrows(IllegalArgumentException.class, () -> Ports.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Ports.parse("70000"));
        assertThrows(IllegalArgumentException.class, () -> Ports.parse("10:5"));
        assertThrows(IllegalArgumentException.class, () -> Ports.parse("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"));
    }
}
