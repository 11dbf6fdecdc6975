package dev.jsalt.master.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnrolmentStoreTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T12:00:00Z"));
    private final Clock clock = new Clock() {
        @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now.get(); }
    };

    @Test
    void aTokenWorksOnceForItsIdBeforeItsExpiry(@TempDir Path pki) throws Exception {
        EnrolmentStore s = new EnrolmentStore(pki, clock);
        var a = s.issue("app1", Duration.ofMinutes(10));
        var b = s.issue("app2", Duration.ofMinutes(10));
        assertEquals(EnrolmentStore.Verdict.WRONG_TOKEN, s.redeem("app1", b.token(), "fp"), "another id's token");
        assertEquals(EnrolmentStore.Verdict.NO_ENROLMENT, s.redeem("app3", a.token(), "fp"));
        assertEquals(EnrolmentStore.Verdict.ACCEPT, s.redeem("app1", a.token(), "fp1"));
        assertEquals(EnrolmentStore.Verdict.USED, s.redeem("app1", a.token(), "fp2"));
        now.set(now.get().plus(Duration.ofMinutes(10)));
        assertEquals(EnrolmentStore.Verdict.EXPIRED, s.redeem("app2", b.token(), "fp"));
        // a restart keeps what was issued and used
        EnrolmentStore again = new EnrolmentStore(pki, clock);
        assertEquals(EnrolmentStore.Verdict.USED, again.redeem("app1", a.token(), "fp2"));
        assertEquals("fp1", again.list().get(0).usedBy());
        // an hour after expiry the records go
        now.set(now.get().plus(Duration.ofHours(2)));
        assertTrue(again.list().isEmpty());
    }

    @Test
    void aNewTokenReplacesAnUnusedOneAndRevokeWithdrawsIt(@TempDir Path pki) throws Exception {
        EnrolmentStore s = new EnrolmentStore(pki, clock);
        var first = s.issue("db1", Duration.ofMinutes(5));
        var second = s.issue("db1", Duration.ofMinutes(5));
        assertEquals(EnrolmentStore.Verdict.WRONG_TOKEN, s.redeem("db1", first.token(), "fp"));
        assertTrue(s.revoke("db1"));
        assertEquals(EnrolmentStore.Verdict.NO_ENROLMENT, s.redeem("db1", second.token(), "fp"));
        assertThrows(IllegalArgumentException.class, () -> s.issue("../etc", Duration.ofMinutes(5)));
        assertThrows(IllegalArgumentException.class, () -> s.issue("db1", Duration.ofDays(2)));
        assertTrue(!second.toString().contains(second.token()), "an issued token does not print");
    }
}
