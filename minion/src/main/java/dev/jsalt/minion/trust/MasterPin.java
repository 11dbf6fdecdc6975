package dev.jsalt.minion.trust;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.crypto.Fingerprint;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.MasterKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

/**
 * The master's keys as this minion trusts them: checked against {@code master_fingerprint} when configured, else
 * pinned on first use in {@code pki/master.pub}. A master presenting other keys later is refused, loudly.
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
    private final String configuredFingerprint;

    public MasterPin(Path pkiDir, String configuredFingerprint) {
        this.pinFile = pkiDir.resolve("master.pub");
        this.configuredFingerprint = configuredFingerprint;
    }

    public Path file() { return pinFile; }

    public Optional<MasterKeys> pinned() throws IOException {
        if (!Files.exists(pinFile)) return Optional.empty();
        MasterKeys k = Json.read(Files.readAllBytes(pinFile), MasterKeys.class);
        return Optional.of(withComputedFingerprint(k));
    }

    /** Verifies keys announced by the master and pins them on first use. */
    public MasterKeys trust(MasterKeys announced) throws MasterKeyMismatch, IOException {
        MasterKeys k = withComputedFingerprint(announced);
        Optional<MasterKeys> pinned = pinned();
        if (configuredFingerprint != null && !Fingerprint.same(configuredFingerprint, k.fingerprint())) {
            throw new MasterKeyMismatch("master key fingerprint mismatch: minion.yaml says " + configuredFingerprint
                    + ", the master presents " + k.fingerprint() + "; refusing to connect");
        }
        if (pinned.isPresent()) {
            if (!Fingerprint.same(pinned.get().fingerprint(), k.fingerprint())) {
                throw new MasterKeyMismatch("master key has changed: pinned " + pinned.get().fingerprint() + ", the master now presents "
                        + k.fingerprint() + "; refusing to connect (if the master key was replaced on purpose, delete " + pinFile + ")");
            }
            return pinned.get();
        }
        Files.createDirectories(pinFile.getParent());
        Files.write(pinFile, Json.bytes(k));
        if (configuredFingerprint == null) {
            log.warn("pinned master key {} on first use; set master_fingerprint in minion.yaml to verify it instead", k.fingerprint());
        } else {
            log.info("master key {} verified against master_fingerprint and pinned", k.fingerprint());
        }
        return k;
    }

    /** Never trust the fingerprint field a peer sent: recompute it from the keys. */
    static MasterKeys withComputedFingerprint(MasterKeys k) {
        CurveKeys.checkPublic(k.curvePublic());
        byte[] sign = Base64.getDecoder().decode(k.signingPublic());
        if (sign.length != 32) throw new IllegalArgumentException("bad master signing key");
        return new MasterKeys(k.curvePublic(), k.signingPublic(), Fingerprint.ofMaster(k.curvePublic(), sign));
    }

    /** Asks the master's key port for its keys; empty if it does not answer within {@code timeoutMillis}. */
    public static Optional<MasterKeys> fetch(ZContext ctx, String host, int port, int timeoutMillis) {
        ZMQ.Socket req = ctx.createSocket(SocketType.REQ);
        try {
            req.setLinger(0);
            req.setReceiveTimeOut(timeoutMillis);
            req.setSendTimeOut(timeoutMillis);
            req.setMaxMsgSize(4096);
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
