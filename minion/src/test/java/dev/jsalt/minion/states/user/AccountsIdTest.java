package dev.jsalt.minion.states.user;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountsIdTest {

    @Test
    void tenDigitIdsThatOverflowAreNamesNotNumbers() {
        assertTrue(Accounts.isInt("4294967"));
        assertTrue(Accounts.isInt("2147483647"));
        assertFalse(Accounts.isInt("2147483648"));
        assertFalse(Accounts.isInt("9999999999"));
        assertFalse(Accounts.isInt("١٢٣"));
        Accounts none = new Accounts(Map.of(), Map.of());
        // Was a NumberFormatException ("For input string") out of file.managed user:/group: args.
        assertEquals(Optional.empty(), none.uidOf("9999999999"));
        assertEquals(Optional.empty(), none.gidOf("9999999999"));
        assertEquals(Optional.of(0), none.uidOf("0"));
    }
}
