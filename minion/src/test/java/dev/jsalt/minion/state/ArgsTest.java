package dev.jsalt.minion.state;

import org.junit.jupiter.api.Test;

import static dev.jsalt.minion.state.Res.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {
    @Test
    void booleanWordsAsSaltReadsThem() {
        for (Object t : new Object[]{true, "true", "Yes", " on ", 1, "1"}) assertEquals(Boolean.TRUE, Args.truth(t), "" + t);
        for (Object f : new Object[]{false, "FALSE", "no", "off", 0, "0"}) assertEquals(Boolean.FALSE, Args.truth(f), "" + f);
        assertNull(Args.truth("maybe"));
        assertNull(Args.truth(null));

        Args a = Args.of(Res.of("file", "managed", "/x", args("makedirs", "yes", "replace", "perhaps")), null);
        assertTrue(a.bool("makedirs", false));
        assertFalse(a.bool("absent", false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.bool("replace", true));
        assertEquals("argument 'replace' of file.managed must be true or false, got 'perhaps'", e.getMessage());
    }
}
