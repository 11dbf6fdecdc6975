package dev.jsalt.master.api.ui;

import dev.jsalt.master.api.ApiToken;

import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The dashboard's logins, kept in memory only: a master restart logs everyone out, which is the safe direction. A
 * session ends after {@link #IDLE_MILLIS} without a request or {@link #MAX_AGE_MILLIS} after login, whichever is first.
 */
public final class UiSessions {
    static final long IDLE_MILLIS = 30 * 60_000L;
    static final long MAX_AGE_MILLIS = 12 * 3_600_000L;
    /** Logins need the API token, so this bounds memory against a buggy script, not an attacker. */
    static final int MAX_SESSIONS = 1000;

    /** @param csrf the value every state-changing request of this session must carry in {@code X-CSRF-Token} */
    public record Session(String id, String csrf, long createdAt, long lastUsed) {
    }

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final LongSupplier clock;

    public UiSessions(LongSupplier clock) { this.clock = clock; }

    public UiSessions() { this(System::currentTimeMillis); }

    public Session create() {
        long now = clock.getAsLong();
        byId.values().removeIf(s -> expired(s, now));
        while (byId.size() >= MAX_SESSIONS) {
            byId.values().stream().min(Comparator.comparingLong(Session::lastUsed)).ifPresent(s -> byId.remove(s.id()));
        }
        Session s = new Session(randomHex(), randomHex(), now, now);
        byId.put(s.id(), s);
        return s;
    }

    /** The live session with this id, its idle clock restarted; empty for an unknown, ended or expired one. */
    public Optional<Session> find(String id) {
        if (id == null) return Optional.empty();
        Session s = byId.get(id);
        if (s == null) return Optional.empty();
        long now = clock.getAsLong();
        if (expired(s, now)) {
            byId.remove(id, s);
            return Optional.empty();
        }
        Session touched = new Session(s.id(), s.csrf(), s.createdAt(), now);
        byId.replace(id, s, touched);
        return Optional.of(touched);
    }

    public void end(String id) {
        if (id != null) byId.remove(id);
    }

    /** Constant-time, as for the API token: the CSRF token is a secret of the session. */
    public static boolean csrfMatches(Session s, String presented) { return ApiToken.matches(s.csrf(), presented); }

    int size() { return byId.size(); }

    private static boolean expired(Session s, long now) {
        return now - s.lastUsed() > IDLE_MILLIS || now - s.createdAt() > MAX_AGE_MILLIS;
    }

    private String randomHex() {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        return HexFormat.of().formatHex(raw);
    }
}
