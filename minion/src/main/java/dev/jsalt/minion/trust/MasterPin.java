package dev.jsalt.minion.trust;

import dev.jsalt.common.crypto.Fingerprint;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.MasterKeys;
import dev.jsalt.common.wire.RotationChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The master's keys as this minion trusts them: checked against {@code master_fingerprint} when configured, else
 * pinned on first use in {@code pki/master.pub}. Later keys are trusted only through rotations signed by the trusted
 * key (the master's key port announces them); a master presenting other keys is refused, loudly.
 */
public final class MasterPin {
    private static final Logger log = LoggerFactory.getLogger(MasterPin.class);

    /** The master presented keys that do not match what this minion trusts. */
    public static final class MasterKeyMismatch extends Exception {
        public MasterKeyMismatch(String message) {
            super(message);
        }
    }

    private final Path pinFile;
    private final Path historyFile;
    private final String configuredFingerprint;

    public MasterPin(Path pkiDir, String configuredFingerprint) {
        this.pinFile = pkiDir.resolve("master.pub");
        this.historyFile = pkiDir.resolve("master.history");
        this.configuredFingerprint = configuredFingerprint;
    }

    public Path file() { return pinFile; }

    public Optional<MasterKeys> pinned() throws IOException {
        if (!Files.exists(pinFile)) return Optional.empty();
        MasterKeys k = Json.read(Files.readAllBytes(pinFile), MasterKeys.class);
        return Optional.of(k.checked());
    }

    /**
     * Verifies keys announced by the master: they must be the pinned keys (or, before any pin, match
     * {@code master_fingerprint}, or be pinned on first use), or be reached from those through rotations the master
     * signed with its earlier keys; then they are pinned. Anything else is refused.
     */
    public MasterKeys trust(MasterKeys announced) throws MasterKeyMismatch, IOException {
        MasterKeys k = announced.checked();
        Optional<MasterKeys> pinned = pinned();
        String anchor = pinned.map(MasterKeys::fingerprint).orElse(configuredFingerprint);
        if (anchor == null) {
            pin(k, null);
            log.warn("pinned master key {} on first use; set master_fingerprint in minion.yaml to verify it instead", k.fingerprint());
            return k;
        }
        if (Fingerprint.same(anchor, k.fingerprint())) {
            checkConfigured(k);
            if (pinned.isPresent()) return pinned.get();
            pin(k, null);
            log.info("master key {} verified against master_fingerprint and pinned", k.fingerprint());
            return k;
        }
        Optional<MasterKeys> rotated = RotationChain.follow(anchor, k, announced.rotations());
        if (rotated.isEmpty()) {
            throw new MasterKeyMismatch(pinned.isPresent()
                    ? "master key has changed: pinned " + anchor + ", the master now presents " + k.fingerprint()
                    + " and no rotation signed by the pinned key leads to it; refusing to connect (if the master was rebuilt"
                    + " on purpose, delete " + pinFile + ")"
                    : "master key fingerprint mismatch: minion.yaml says " + anchor + ", the master presents " + k.fingerprint()
                    + " and no rotation signed by that key leads to it; refusing to connect");
        }
        pin(k, anchor);
        log.warn("master key rotated: trusted {} signed the move to {}; pinned the new key", anchor, k.fingerprint());
        if (configuredFingerprint != null) {
            log.warn("master_fingerprint in minion.yaml is the master's old key; set it to {} when convenient", k.fingerprint());
        }
        return k;
    }

    /** minion.yaml's fingerprint must be the trusted key or one this minion rotated away from through signed steps. */
    private void checkConfigured(MasterKeys k) throws MasterKeyMismatch, IOException {
        if (configuredFingerprint == null || Fingerprint.same(configuredFingerprint, k.fingerprint())) return;
        if (Files.exists(historyFile)) {
            for (String old : Files.readAllLines(historyFile)) {
                if (Fingerprint.same(old.strip(), configuredFingerprint)) return;
            }
        }
        throw new MasterKeyMismatch("master key fingerprint mismatch: minion.yaml says " + configuredFingerprint
                + ", the master presents " + k.fingerprint() + "; refusing to connect");
    }

    /** Writes the pin atomically (a torn pin file would lock the minion out), remembering the key it replaces. */
    private void pin(MasterKeys k, String replaced) throws IOException {
        Files.createDirectories(pinFile.getParent());
        if (replaced != null) {
            Files.writeString(historyFile, replaced + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        Path tmp = pinFile.resolveSibling(pinFile.getFileName() + ".tmp");
        Files.write(tmp, Json.bytes(k.withRotations(java.util.List.of())));
        Files.move(tmp, pinFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Asks the master's key port for its keys; empty if it does not answer within {@code timeoutMillis}. */
    public static Optional<MasterKeys> fetch(ZContext ctx, String host, int port, int timeoutMillis) {
        ZMQ.Socket req = ctx.createSocket(SocketType.REQ);
        try {
            req.setLinger(0);
            req.setReceiveTimeOut(timeoutMillis);
            req.setSendTimeOut(timeoutMillis);
            req.setMaxMsgSize(256 * 1024); // the keys plus every rotation statement so far
            req.connect("tcp://" + host + ":" + port);
            if (!req.send("keys")) return Optional.empty();
            byte[] reply = req.recv(0);
            if (reply == null) return Optional.empty();
            return Optional.of(Json.read(reply, MasterKeys.class));
        } catch (RuntimeException e) {
            log.debug("key fetch from {}:{} failed: {}", host, port, e.getMessage());
            return Optional.empty();
        } finally {
            ctx.destroySocket(req);
        }
    }
}
