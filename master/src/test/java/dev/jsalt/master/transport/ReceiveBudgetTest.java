package dev.jsalt.master.transport;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Who may make the master set memory aside for a frame, and how much. */
class ReceiveBudgetTest {
    private static final String ACCEPTED = "accepted-key";
    private static final int HELLO_MAX = 256 * 1024;

    private static ReceiveBudget budget() {
        return new ReceiveBudget(8L << 20, Set.of(ACCEPTED)::contains, HELLO_MAX);
    }

    @Test
    void aKeyThatIsNotAcceptedGetsNoBufferForAFrameBiggerThanAHello() {
        ReceiveBudget b = budget();
        assertEquals(0, b.allocate(1 << 20, "stranger-key").size(), "refused: no buffer");
        assertEquals(0, b.allocate(1 << 20, null).size(), "no User-Id: a stranger too");
        assertEquals(2, b.refusedStrangers());
        assertEquals(0, b.reserved(), "nothing taken from the budget");
    }

    @Test
    void aStrangersHelloAndAnAcceptedMinionsBigReturnAreTaken() {
        ReceiveBudget b = budget();
        assertEquals(HELLO_MAX, b.allocate(HELLO_MAX, "stranger-key").size(), "a hello up to limits.max_hello_kb");
        assertEquals(4 << 20, b.allocate(4 << 20, ACCEPTED).size(), "an accepted minion's big return");
        assertEquals(0, b.refusedStrangers());
        assertEquals(HELLO_MAX + (4L << 20), b.reserved());
    }

    @Test
    void theBudgetStillBoundsAcceptedMinionsAltogether() {
        ReceiveBudget b = budget();
        assertEquals(6 << 20, b.allocate(6 << 20, ACCEPTED).size());
        assertEquals(0, b.allocate(4 << 20, ACCEPTED).size(), "over the 8 MB budget");
        assertEquals(1, b.refused());
    }
}
