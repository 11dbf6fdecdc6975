package dev.jsalt.master.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Issues a one-time enrolment for a new machine's name together with the master fingerprint that machine pins: what
 * {@code POST /v1/enrolments} answers and what cloud provisioning on the master itself asks for, so both refuse the
 * same names the same way.
 */
public final class EnrolmentIssuer {
    /** The token (only here, once) and the fingerprint the new machine pins. */
    public record Grant(EnrolmentStore.Issued issued, String masterFingerprint) {
        @Override
        public String toString() { return "Grant[" + issued + ", fingerprint=" + masterFingerprint + "]"; }
    }

    /** The name already has an accepted or rejected key: a new machine must not take it over silently. */
    public static final class NameTaken extends RuntimeException {
        NameTaken(String message) { super(message); }
    }

    private final KeyStore keys;
    private final Path pkiDir;

    public EnrolmentIssuer(KeyStore keys, Path pkiDir) {
        this.keys = keys;
        this.pkiDir = pkiDir;
    }

    /** @throws NameTaken when {@code id} has a key that is not pending; IllegalArgumentException for a bad id or ttl */
    public Grant issue(String id, Duration ttl) {
        Optional<MinionKey> existing = keys.byId(id);
        if (existing.isPresent() && existing.get().state() != KeyState.PENDING) {
            throw new NameTaken("minion " + id + " already has an " + existing.get().state().dir() + " key; delete it first "
                    + "('jsalt keys delete " + id + "'), then enrol the new machine");
        }
        String fingerprint = masterFingerprint();
        return new Grant(keys.enrolments().issue(id, ttl), fingerprint);
    }

    public String masterFingerprint() {
        try {
            return Files.readString(pkiDir.resolve("master.fingerprint"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master's fingerprint: " + e.getMessage(), e);
        }
    }
}
