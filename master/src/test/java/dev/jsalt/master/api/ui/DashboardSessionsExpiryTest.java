package dev.jsalt.master.api.ui;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions end when idle too long or too old, and their number stays bounded. */
class DashboardSessionsExpiryTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final UiSessions sessions = new UiSessions(now::get);

    @Test
    void anIdleSessionEndsAndUseKeepsOneAlive() {
        UiSessions.Session used = sessions.create();
        UiSessions.Session idle = sessions.create();
        assertNotEquals(used.id(), idle.id());
        assertNotEquals(used.id(), used.csrf());
        now.addAndGet(UiSessions.IDLE_MILLIS - 1000);
        assertTrue(sessions.find(used.id()).isPresent());
        now.addAndGet(2000);
        assertTrue(sessions.find(used.id()).isPresent(), "used a moment ago");
        assertTrue(sessions.find(idle.id()).isEmpty(), "idle past the limit");
    }

    @Test
    void aSessionEndsAtItsMaximumAgeHoweverBusy() {
        UiSessions.Session s = sessions.create();
        for (long t = 0; t < UiSessions.MAX_AGE_MILLIS; t += UiSessions.IDLE_MILLIS / 2) {
            now.addAndGet(UiSessions.IDLE_MILLIS / 2);
            sessions.find(s.id());
        }
        now.addAndGet(UiSessions.IDLE_MILLIS / 2);
        assertTrue(sessions.find(s.id()).isEmpty());
    }

    @Test
    void theOldestSessionMakesRoomPastTheLimit() {
        UiSessions.Session first = sessions.create();
        for (int i = 1; i < UiSessions.MAX_SESSIONS; i++) {
            now.incrementAndGet();
            sessions.create();
        }
        now.incrementAndGet();
        sessions.create();
        assertEquals(UiSessions.MAX_SESSIONS, sessions.size());
        assertTrue(sessions.find(first.id()).isEmpty());
        assertTrue(sessions.find(null).isEmpty());
    }

    @Test
    void csrfIsComparedToTheSessionsOwnToken() {
        UiSessions.Session s = sessions.create();
        assertTrue(UiSessions.csrfMatches(s, s.csrf()));
        assertTrue(!UiSessions.csrfMatches(s, null) && !UiSessions.csrfMatches(s, s.id()));
    }
}
