package dev.jsalt.master.keys;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.SecureFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Minion keys by state, one file per id under {@code pki/minions/<state>/<id>} holding the Curve public key.
 * Lookups by key are in memory (the ZAP handler asks on every handshake); the disk is only written on change.
 */
public final class KeyStore {
    private static final Logger log = LoggerFactory.getLogger(KeyStore.class);
    /** Most keys that may wait for a decision at once, unless {@code limits.max_pending_keys} says otherwise. */
    static final int MAX_PENDING = 10_000;
    public static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    /** Outcome of a registration attempt. */
    public enum Registration { PENDING, ACCEPTED, REJECTED, CONFLICT, REFUSED_FULL }

    /** Registrations refused because the pending queue was full: what `jsalt keys list` warns the operator about. */
    public record Refusals(long count, String lastId, long lastAt, int pending, int maxPending) {
    }

    private final Path dir;
    private final boolean autoAccept;
    private final int maxPending;
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long refusedCount;
    private volatile String refusedLastId;
    private volatile long refusedLastAt;
    private final Map<String, MinionKey> byId = new ConcurrentHashMap<>();
    private final Map<String, MinionKey> byKey = new ConcurrentHashMap<>();
    private final List<Consumer<KeyChange>> listeners = new CopyOnWriteArrayList<>();
    private final EnrolmentStore enrolments;

    /** A key changed state ({@code newState} null = deleted). */
    public record KeyChange(MinionKey key, KeyState newState) {
    }

    public KeyStore(Path pkiDir, boolean autoAccept) throws IOException {
        this(pkiDir, autoAccept, MAX_PENDING);
    }

    public KeyStore(Path pkiDir, boolean autoAccept, int maxPending) throws IOException {
        this.dir = pkiDir.resolve("minions");
        this.autoAccept = autoAccept;
        this.maxPending = maxPending;
        this.enrolments = new EnrolmentStore(pkiDir, java.time.Clock.systemUTC());
        for (KeyState s : KeyState.values()) {
            SecureFiles.privateDir(dir.resolve(s.dir()));
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir.resolve(s.dir()))) {
                for (Path f : ds) {
                    String id = f.getFileName().toString();
                    if (!VALID_ID.matcher(id).matches()) continue;
                    String key = Files.readString(f, StandardCharsets.US_ASCII).strip();
                    put(new MinionKey(id, key, s));
                }
            }
        }
    }

    public void onChange(Consumer<KeyChange> listener) { listeners.add(listener); }

    /** The one-time enrolment tokens new machines join with (docs/security.md, "Enrolment"). */
    public EnrolmentStore enrolments() { return enrolments; }

    /**
     * A hello that carries an enrolment token: when the token is the valid, unused one issued for {@code id}, this key
     * is accepted at once (replacing a key merely <em>pending</em> under that id: a pending key is an unproven claim,
     * the token is proof). A key already accepted or rejected for the id, or this key on file under another id, is
     * never overridden, and then the token is not spent. Any other token is refused and logged, and the hello is
     * handled as one without a token (pending, unless auto_accept).
     */
    public synchronized Registration register(String id, String curvePublic, String enrolmentToken) {
        if (enrolmentToken == null || enrolmentToken.isEmpty()) return register(id, curvePublic);
        CurveKeys.checkPublic(curvePublic);
        if (!VALID_ID.matcher(id).matches()) return Registration.REJECTED;
        MinionKey existing = byId.get(id);
        MinionKey other = byKey.get(curvePublic);
        boolean free = (existing == null || existing.state() == KeyState.PENDING) && (other == null || other.id().equals(id));
        if (!free) return register(id, curvePublic);
        EnrolmentStore.Verdict v = enrolments.redeem(id, enrolmentToken, fingerprintOf(curvePublic));
        if (v != EnrolmentStore.Verdict.ACCEPT) return register(id, curvePublic);
        if (existing != null && !existing.curvePublic().equals(curvePublic)) {
            log.warn("minion {}: the pending key {} is replaced by the key that enrolled with the token", id, existing.fingerprint());
            delete(id);
        } else if (existing != null) {
            setState(id, KeyState.ACCEPTED);
            return Registration.ACCEPTED;
        }
        write(new MinionKey(id, curvePublic, KeyState.ACCEPTED));
        return Registration.ACCEPTED;
    }

    /** The key's entry, if this Curve key is known under any state. */
    public Optional<MinionKey> byCurveKey(String curvePublic) { return Optional.ofNullable(byKey.get(curvePublic)); }

    public Optional<MinionKey> byId(String id) { return Optional.ofNullable(byId.get(id)); }

    public boolean isRejectedKey(String curvePublic) { return hasState(curvePublic, KeyState.REJECTED); }

    public boolean isAcceptedKey(String curvePublic) { return hasState(curvePublic, KeyState.ACCEPTED); }

    private boolean hasState(String curvePublic, KeyState state) {
        MinionKey k = byKey.get(curvePublic);
        return k != null && k.state() == state;
    }

    public List<MinionKey> list() {
        List<MinionKey> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparing(MinionKey::id));
        return all;
    }

    /** How many keys are in each state (every state present, 0 when none): one pass over the in-memory index, unsorted. */
    public java.util.Map<KeyState, Long> countByState() {
        java.util.Map<KeyState, Long> out = new java.util.EnumMap<>(KeyState.class);
        for (KeyState s : KeyState.values()) out.put(s, 0L);
        for (MinionKey k : byId.values()) out.merge(k.state(), 1L, Long::sum);
        return out;
    }

    /**
     * A minion introduced itself with {@code id} and the Curve key its connection authenticated with. A new id is
     * stored as pending (or accepted with auto_accept). An id already held by another key is a conflict: the old key
     * stays, the newcomer gets nothing, and the operator is told how to replace it.
     */
    private long conflicts;
    private long lastConflictWarning;

    public synchronized Registration register(String id, String curvePublic) {
        CurveKeys.checkPublic(curvePublic);
        if (!VALID_ID.matcher(id).matches()) return Registration.REJECTED;
        MinionKey existing = byId.get(id);
        if (existing != null) {
            if (!existing.curvePublic().equals(curvePublic)) {
                conflicts++;
                if (System.currentTimeMillis() - lastConflictWarning > 10_000) {
                    // Once every 10 s at most: anyone can send hellos under a known id, as fast as they like.
                    lastConflictWarning = System.currentTimeMillis();
                    log.warn("minion {} presented a different key ({}) than the one on file; refused ({} such refusals so far). "
                            + "If the host was rebuilt, run 'jsalt keys delete {}' and accept the new key", id,
                            new MinionKey(id, curvePublic, KeyState.PENDING).fingerprint(), conflicts, id);
                }
                return Registration.CONFLICT;
            }
            return switch (existing.state()) {
                case ACCEPTED -> Registration.ACCEPTED;
                case PENDING -> Registration.PENDING;
                case REJECTED -> Registration.REJECTED;
            };
        }
        MinionKey other = byKey.get(curvePublic);
        if (other != null) {
            conflicts++;
            if (System.currentTimeMillis() - lastConflictWarning > 10_000) {
                lastConflictWarning = System.currentTimeMillis();
                log.warn("key of minion {} presented under another id {}; refused ({} such refusals so far)", other.id(), id, conflicts);
            }
            return Registration.CONFLICT;
        }
        KeyState state = autoAccept ? KeyState.ACCEPTED : KeyState.PENDING;
        if (state == KeyState.PENDING && pendingCount() >= maxPending) {
            // Anyone who can reach the port can register: bound what strangers can make us store. The refusal is
            // counted and shown by `jsalt keys list` and GET /v1/keys/refusals, so the operator learns why a new minion waits.
            refusedCount++;
            refusedLastId = id;
            refusedLastAt = System.currentTimeMillis();
            if (refusedCount == 1 || refusedCount % 1000 == 0) {
                log.warn("refused registration of {}: {} keys are already pending (limits.max_pending_keys); accept, reject or "
                        + "delete some ({} refused so far)", id, maxPending, refusedCount);
            }
            return Registration.REFUSED_FULL;
        }
        write(new MinionKey(id, curvePublic, state));
        log.info("minion {} registered its key ({}) as {}", id, fingerprintOf(curvePublic), state.dir());
        return state == KeyState.ACCEPTED ? Registration.ACCEPTED : Registration.PENDING;
    }

    private long pendingCount() {
        return pending.get();
    }

    public int maxPending() { return maxPending; }

    /** Whether a new key is accepted as it registers (auto_accept). */
    public boolean autoAccepts() { return autoAccept; }

    public Refusals refusals() {
        return new Refusals(refusedCount, refusedLastId, refusedLastAt, pending.get(), maxPending);
    }

    private static String fingerprintOf(String key) { return dev.jsalt.common.crypto.Fingerprint.ofMinion(key); }

    public synchronized Optional<MinionKey> setState(String id, KeyState state) {
        MinionKey k = byId.get(id);
        if (k == null) return Optional.empty();
        if (k.state() == state) return Optional.of(k);
        MinionKey updated = new MinionKey(id, k.curvePublic(), state);
        try {
            Files.deleteIfExists(file(k));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(updated);
        log.info("minion {} key {}", id, state.dir());
        return Optional.of(updated);
    }

    public synchronized Optional<MinionKey> delete(String id) {
        MinionKey k = byId.remove(id);
        if (k == null) return Optional.empty();
        byKey.remove(k.curvePublic());
        if (k.state() == KeyState.PENDING) pending.decrementAndGet();
        try {
            Files.deleteIfExists(file(k));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.info("minion {} key deleted", id);
        fire(new KeyChange(k, null));
        return Optional.of(k);
    }

    private void write(MinionKey k) {
        try {
            Files.writeString(file(k), k.curvePublic() + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        put(k);
        fire(new KeyChange(k, k.state()));
    }

    private void put(MinionKey k) {
        MinionKey old = byId.put(k.id(), k);
        if (old != null) byKey.remove(old.curvePublic());
        if (old != null && old.state() == KeyState.PENDING) pending.decrementAndGet();
        if (k.state() == KeyState.PENDING) pending.incrementAndGet();
        byKey.put(k.curvePublic(), k);
    }

    private void fire(KeyChange change) {
        for (Consumer<KeyChange> l : listeners) {
            try {
                l.accept(change);
            } catch (RuntimeException e) {
                log.warn("key change listener failed", e);
            }
        }
    }

    private Path file(MinionKey k) { return dir.resolve(k.state().dir()).resolve(k.id()); }
}
