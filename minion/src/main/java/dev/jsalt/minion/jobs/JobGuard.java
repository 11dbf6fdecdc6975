package dev.jsalt.minion.jobs;

import dev.jsalt.common.crypto.SigningKeys;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.common.wire.MasterMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides whether a job may run: signed by the pinned master key over exactly the received bytes, addressed to this
 * minion, not expired, not issued in the future, and not seen before. Seen jobs are remembered on disk until they
 * expire, so a replay is refused across a minion restart too.
 */
public final class JobGuard {
    private static final Logger log = LoggerFactory.getLogger(JobGuard.class);
    private static final Pattern JID = Pattern.compile("\\d{20}");
    /** Tolerated clock skew between master and minion. */
    static final long SKEW_MILLIS = 5 * 60_000;

    /** Why a job was refused. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final String minionId;
    private final byte[] masterSigningKey;
    private final Path seenFile;
    private final Clock clock;
    private final Map<String, Long> seen = new HashMap<>();

    public JobGuard(String minionId, String masterSigningKeyB64, Path seenFile, Clock clock) throws IOException {
        this.minionId = minionId;
        this.masterSigningKey = Base64.getDecoder().decode(masterSigningKeyB64);
        this.seenFile = seenFile;
        this.clock = clock;
        load();
    }

    public synchronized JobRequest check(MasterMessage.SignedJob signed) throws Refused {
        if (signed.payload() == null || signed.signature() == null) throw new Refused("unsigned job");
        byte[] payload;
        byte[] sig;
        try {
            payload = Base64.getDecoder().decode(signed.payload());
            sig = Base64.getDecoder().decode(signed.signature());
        } catch (IllegalArgumentException e) {
            throw new Refused("job encoding is not base64");
        }
        if (!SigningKeys.verify(masterSigningKey, payload, sig)) throw new Refused("bad signature (tampered or not from the pinned master)");
        JobRequest job;
        try {
            job = Json.read(payload, JobRequest.class);
        } catch (RuntimeException e) {
            throw new Refused("signed job does not decode");
        }
        if (job.jid() == null || !JID.matcher(job.jid()).matches()) throw new Refused("bad job id");
        if (!minionId.equals(job.minion())) throw new Refused("job " + job.jid() + " is addressed to " + job.minion());
        long now = clock.millis();
        if (job.expiresAt() < now) throw new Refused("job " + job.jid() + " expired");
        if (job.issuedAt() > now + SKEW_MILLIS) throw new Refused("job " + job.jid() + " issued in the future (clock skew?)");
        String nonceKey = job.jid() + ":" + job.nonce();
        if (seen.containsKey(job.jid()) || seen.containsKey(nonceKey)) throw new Refused("job " + job.jid() + " replayed");
        seen.put(job.jid(), job.expiresAt());
        remember(job.jid(), job.expiresAt());
        prune(now);
        return job;
    }

    private void load() throws IOException {
        if (!Files.exists(seenFile)) return;
        long now = clock.millis();
        for (String line : Files.readAllLines(seenFile, StandardCharsets.US_ASCII)) {
            String[] p = line.split(" ");
            if (p.length != 2) continue;
            try {
                long exp = Long.parseLong(p[1]);
                if (exp >= now) seen.put(p[0], exp);
            } catch (NumberFormatException e) {
                // torn line
            }
        }
        rewrite();
    }

    private void remember(String jid, long expires) {
        try {
            Files.createDirectories(seenFile.getParent());
            Files.writeString(seenFile, jid + " " + expires + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot record job {} as seen: {}", jid, e.getMessage());
        }
    }

    private void prune(long now) {
        if (seen.size() < 1024) return;
        seen.values().removeIf(exp -> exp < now);
        rewrite();
    }

    private void rewrite() {
        StringBuilder sb = new StringBuilder();
        seen.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        try {
            Files.createDirectories(seenFile.getParent());
            Path tmp = seenFile.resolveSibling(seenFile.getFileName() + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.US_ASCII);
            Files.move(tmp, seenFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot rewrite {}: {}", seenFile, e.getMessage());
        }
    }
}
