package dev.jsalt.master.keys;

import dev.jsalt.common.crypto.SecureFiles;
import dev.jsalt.common.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One-time enrolment tokens (issue 19): the master issues a token bound to one minion id and an expiry; a new machine
 * (a droplet, through its cloud-init user-data) presents it in its first hello together with the Curve key it made
 * itself, and that key is accepted — once. Nothing secret of the minion ever leaves the machine, and what travels
 * to it (the token) is worth nothing once used or expired, and nothing for any other id.
 *
 * <p>Only the token's SHA-256 is kept, in {@code pki/enrolments/<id>} (0600, in a 0700 folder), so a copy of the
 * master's disk does not hand out tokens and a restart keeps them. A redeemed token stays on file, marked used with the
 * fingerprint of the key it admitted, until it would have expired, so a replay is told apart from a stranger's guess in
 * the log. Tokens are never logged.
 */
public final class EnrolmentStore {
    private static final Logger log = LoggerFactory.getLogger(EnrolmentStore.class);
    public static final Duration MAX_TTL = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a presented token is worth. */
    public enum Verdict { ACCEPT, NO_ENROLMENT, WRONG_TOKEN, EXPIRED, USED }

    /** An enrolment as listed (never with its token). */
    public record Entry(String id, Instant issuedAt, Instant expiresAt, Instant usedAt, String usedBy) {
    }

    /** A token just issued: the only time its value exists outside the machine it is for. */
    public record Issued(String id, String token, Instant expiresAt) {
        @Override
        public String toString() { return "Issued[" + id + ", expires " + expiresAt + "]"; }
    }

    private final Path dir;
    private final Clock clock;

    public EnrolmentStore(Path pkiDir, Clock clock) throws IOException {
        this.dir = SecureFiles.privateDir(pkiDir.resolve("enrolments"));
        this.clock = clock;
    }

    /** A new token for {@code id}, valid for {@code ttl}; an earlier unused token for the id stops working. */
    public synchronized Issued issue(String id, Duration ttl) {
        if (!KeyStore.VALID_ID.matcher(id).matches()) throw new IllegalArgumentException("not a valid minion id: '" + id + "'");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("an enrolment lasts from 1 s to " + MAX_TTL.toHours() + " h, not " + ttl.toSeconds() + " s");
        }
        purgeExpired();
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.instant();
        Instant expires = now.plus(ttl);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("id", id);
        rec.put("sha256", sha256(token));
        rec.put("issued_at", now.toString());
        rec.put("expires_at", expires.toString());
        write(id, rec);
        log.info("enrolment issued for minion {} (expires {})", id, expires);
        return new Issued(id, token, expires);
    }

    /**
     * Redeems {@code token} for {@code id}, presented with the key whose fingerprint is {@code keyFingerprint}. Only
     * {@link Verdict#ACCEPT} marks it used; every other verdict is logged as a refusal.
     */
    public synchronized Verdict redeem(String id, String token, String keyFingerprint) {
        Map<String, Object> rec = read(id);
        Verdict v;
        if (rec == null) {
            v = Verdict.NO_ENROLMENT;
        } else if (!MessageDigest.isEqual(sha256(token).getBytes(StandardCharsets.US_ASCII),
                String.valueOf(rec.get("sha256")).getBytes(StandardCharsets.US_ASCII))) {
            v = Verdict.WRONG_TOKEN;
        } else if (rec.get("used_at") != null) {
            v = Verdict.USED;
        } else if (!clock.instant().isBefore(Instant.parse(String.valueOf(rec.get("expires_at"))))) {
            v = Verdict.EXPIRED;
        } else {
            rec.put("used_at", clock.instant().toString());
            rec.put("used_by", keyFingerprint);
            write(id, rec);
            log.info("minion {} enrolled with its one-time token; key {} accepted", id, keyFingerprint);
            return Verdict.ACCEPT;
        }
        String why = switch (v) {
            case NO_ENROLMENT -> "no enrolment was issued for this id";
            case WRONG_TOKEN -> "the token is not the one issued for this id";
            case USED -> "the token was already used (by key " + rec.get("used_by") + " at " + rec.get("used_at") + ")";
            case EXPIRED -> "the token expired at " + rec.get("expires_at");
            default -> v.name();
        };
        log.warn("refused enrolment of minion {} with key {}: {}; its key is left pending", id, keyFingerprint, why);
        return v;
    }

    /** Withdraws the enrolment of {@code id} (a droplet destroyed before it joined); true when there was one. */
    public synchronized boolean revoke(String id) {
        if (!KeyStore.VALID_ID.matcher(id).matches()) return false;
        try {
            return Files.deleteIfExists(dir.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized List<Entry> list() {
        purgeExpired();
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Map<String, Object> r = read(f.getFileName().toString());
                if (r == null) continue;
                out.add(new Entry(String.valueOf(r.get("id")), Instant.parse(String.valueOf(r.get("issued_at"))),
                        Instant.parse(String.valueOf(r.get("expires_at"))),
                        r.get("used_at") == null ? null : Instant.parse(String.valueOf(r.get("used_at"))),
                        r.get("used_by") == null ? null : String.valueOf(r.get("used_by"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(java.util.Comparator.comparing(Entry::id));
        return out;
    }

    /** Records whose token can no longer be used are dropped an hour after their expiry. */
    private void purgeExpired() {
        Instant cutoff = clock.instant().minus(Duration.ofHours(1));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                Map<String, Object> r = read(f.getFileName().toString());
                if (r != null && Instant.parse(String.valueOf(r.get("expires_at"))).isBefore(cutoff)) Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String id) {
        if (!KeyStore.VALID_ID.matcher(id).matches()) return null;
        Path f = dir.resolve(id);
        try {
            if (!Files.exists(f)) return null;
            return Json.mapper().readValue(Files.readAllBytes(f), LinkedHashMap.class);
        } catch (IOException e) {
            log.warn("unreadable enrolment record {}: {}", f, e.getMessage());
            return null;
        }
    }

    private void write(String id, Map<String, Object> rec) {
        try {
            SecureFiles.writePrivate(dir.resolve(id), Json.mapper().writeValueAsBytes(rec));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
