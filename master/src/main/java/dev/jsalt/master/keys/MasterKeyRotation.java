package dev.jsalt.master.keys;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.Fingerprint;
import dev.jsalt.common.crypto.SigningKeys;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.KeyRotation;
import dev.jsalt.common.wire.MasterKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replaces the master's keys (Curve transport key and Ed25519 signing key) with new ones and records a rotation
 * statement signed by the old signing key in {@code pki/rotations.json}. The master announces every statement on its
 * key port, so each minion follows the chain from the key it pinned, also one that was offline during the rotation.
 *
 * <p>Crash-safe in three steps: the new keys go to {@code pki/next/}, then the statement is recorded, then the keys are
 * moved into place. A master that starts after an interruption finishes a recorded rotation or drops an unrecorded one
 * ({@link #finishInterrupted}), so the keys it uses always have a statement leading to them.
 */
public final class MasterKeyRotation {
    private static final Logger log = LoggerFactory.getLogger(MasterKeyRotation.class);
    static final String CURVE = "master.key";
    static final String SIGNING = "master_sign.key";
    static final String ROTATIONS = "rotations.json";
    static final String NEXT = "next";

    /** What a rotation did, for the operator. */
    public record Result(String from, String to, int statements) {
    }

    private MasterKeyRotation() {
    }

    /** Every statement recorded so far (none before the first rotation). */
    public static List<KeyRotation> load(Path pki) throws IOException {
        Path f = pki.resolve(ROTATIONS);
        if (!Files.exists(f)) return List.of();
        try {
            return List.copyOf(Json.mapper().readValue(Files.readAllBytes(f), new TypeReference<List<KeyRotation>>() { }));
        } catch (IOException e) {
            throw new IOException(f + ": unreadable (" + e.getMessage() + ")", e);
        }
    }

    /** Rotates the keys in {@code pki}; the running master keeps its old keys until it restarts. */
    public static Result rotate(Path pki, Clock clock) throws IOException {
        finishInterrupted(pki);
        if (!Files.exists(pki.resolve(CURVE)) || !Files.exists(pki.resolve(SIGNING))) {
            throw new IllegalArgumentException(pki + " holds no master keys yet: start the master once first");
        }
        CurveKeys oldCurve = CurveKeys.loadOrCreate(pki.resolve(CURVE));
        SigningKeys oldSigning = SigningKeys.loadOrCreate(pki.resolve(SIGNING));
        MasterKeys old = MasterKeys.of(oldCurve, oldSigning);

        Path next = Files.createDirectories(pki.resolve(NEXT));
        Files.deleteIfExists(next.resolve(CURVE));
        Files.deleteIfExists(next.resolve(SIGNING));
        MasterKeys fresh = MasterKeys.of(CurveKeys.loadOrCreate(next.resolve(CURVE)), SigningKeys.loadOrCreate(next.resolve(SIGNING)));

        List<KeyRotation> all = new ArrayList<>(load(pki));
        all.add(KeyRotation.sign(old, oldSigning, fresh, clock.instant().getEpochSecond()));
        writeAtomically(pki.resolve(ROTATIONS), Json.bytes(all));
        finishInterrupted(pki);
        // pki/master.fingerprint keeps naming the key the running master presents (bootstrap pins new minions to it);
        // the master rewrites it when it restarts with the new keys.
        sameOwnerAsDir(pki, List.of(pki.resolve(CURVE), pki.resolve(SIGNING), pki.resolve(ROTATIONS)));
        return new Result(old.fingerprint(), fresh.fingerprint(), all.size());
    }

    /**
     * Completes a rotation whose statement was recorded but whose keys were not all moved into place, or discards new
     * keys that never got a statement. Safe to call at every start.
     */
    public static void finishInterrupted(Path pki) throws IOException {
        Path next = pki.resolve(NEXT);
        if (!Files.isDirectory(next)) return;
        Path curve = Files.exists(next.resolve(CURVE)) ? next.resolve(CURVE) : pki.resolve(CURVE);
        Path signing = Files.exists(next.resolve(SIGNING)) ? next.resolve(SIGNING) : pki.resolve(SIGNING);
        Optional<MasterKeys> candidate = Files.exists(curve) && Files.exists(signing)
                ? Optional.of(MasterKeys.of(CurveKeys.loadOrCreate(curve), SigningKeys.loadOrCreate(signing)))
                : Optional.empty();
        boolean recorded = candidate.isPresent() && load(pki).stream()
                .anyMatch(r -> r.verified() && Fingerprint.same(r.to().fingerprint(), candidate.get().fingerprint()));
        boolean pending = !curve.equals(pki.resolve(CURVE)) || !signing.equals(pki.resolve(SIGNING));
        if (recorded) {
            if (!curve.equals(pki.resolve(CURVE))) move(curve, pki.resolve(CURVE));
            if (!signing.equals(pki.resolve(SIGNING))) move(signing, pki.resolve(SIGNING));
            if (pending) log.info("master keys rotated to {}", candidate.get().fingerprint());
        } else if (pending) {
            Files.deleteIfExists(next.resolve(CURVE));
            Files.deleteIfExists(next.resolve(SIGNING));
            log.warn("discarded new master keys from an interrupted rotation that was never recorded; the keys stay as they were");
        }
        Files.deleteIfExists(next);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void writeAtomically(Path file, byte[] data) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, data);
        move(tmp, file);
    }

    /** Run as root for a master that runs as its own user: the files must stay readable by that user. */
    private static void sameOwnerAsDir(Path dir, List<Path> files) throws IOException {
        UserPrincipal owner = Files.getOwner(dir);
        for (Path f : files) {
            if (Files.exists(f) && !Files.getOwner(f).equals(owner)) Files.setOwner(f, owner);
        }
    }
}
