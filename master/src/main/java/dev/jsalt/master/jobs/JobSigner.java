package dev.jsalt.master.jobs;

import dev.jsalt.common.crypto.Sealer;
import dev.jsalt.common.crypto.SigningKeys;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.common.wire.MasterMessage;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a job into the signed message for one minion. Secrets the compiler marked as {@code {"$secret": value}} are
 * sealed to that minion's own key here, so plaintext never leaves the master's memory.
 */
public final class JobSigner {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SigningKeys signingKeys;

    public JobSigner(SigningKeys signingKeys) {
        this.signingKeys = signingKeys;
    }

    public MasterMessage.SignedJob sign(String jid, String minion, String minionCurveKey, String fun, List<Object> args,
                                        Map<String, Object> kwargs, long expiresAt) {
        byte[] recipient = ZMQ.Curve.z85Decode(minionCurveKey);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        JobRequest req = new JobRequest(jid, minion, fun, args, sealSecrets(kwargs, recipient, minion),
                System.currentTimeMillis(), expiresAt, HexFormat.of().formatHex(nonce));
        byte[] payload = Json.bytes(req);
        byte[] sig = signingKeys.sign(payload);
        return new MasterMessage.SignedJob(Base64.getEncoder().encodeToString(payload), Base64.getEncoder().encodeToString(sig));
    }

    @SuppressWarnings("unchecked")
    static <T> T sealSecrets(T value, byte[] recipient, String minion) {
        if (value instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.containsKey("$secret")) {
                String plain = String.valueOf(m.get("$secret"));
                return (T) Map.of("$sealed", Sealer.seal(recipient, minion, plain.getBytes(StandardCharsets.UTF_8)));
            }
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, sealSecrets(v, recipient, minion)));
            return (T) out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(sealSecrets(o, recipient, minion));
            return (T) out;
        }
        if (value instanceof dev.jsalt.common.state.StateDocument || value instanceof dev.jsalt.common.state.Resource) {
            return (T) sealSecrets(Json.convert(value, Map.class), recipient, minion);
        }
        return value;
    }
}
