package dev.jsalt.minion.jobs;

import dev.jsalt.common.crypto.SigningKeys;
import dev.jsalt.common.json.Json;
import dev.jsalt.common.wire.JobRequest;
import dev.jsalt.common.wire.MasterMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobGuardTest {
    private final SigningKeys master = SigningKeys.generate();
    @TempDir
    Path dir;

    private JobGuard guard() throws Exception {
        return new JobGuard("app1", Base64.getEncoder().encodeToString(master.publicKey()), dir.resolve("seen"), Clock.systemUTC());
    }

    private MasterMessage.SignedJob sign(SigningKeys key, JobRequest job) {
        byte[] payload = Json.bytes(job);
        return new MasterMessage.SignedJob(Base64.getEncoder().encodeToString(payload), Base64.getEncoder().encodeToString(key.sign(payload)));
    }

    private JobRequest job(String jid, String minion, long expiresIn) {
        long now = System.currentTimeMillis();
        return new JobRequest(jid, minion, "test.ping", List.of(), Map.of(), now, now + expiresIn, "n" + jid);
    }

    @Test
    void acceptsAFreshJobSignedByThePinnedMaster() throws Exception {
        assertEquals("test.ping", guard().check(sign(master, job("20261127000000000001", "app1", 60_000))).fun());
    }

    @Test
    void refusesAnUnsignedJob() throws Exception {
        var unsigned = new MasterMessage.SignedJob(Base64.getEncoder().encodeToString(Json.bytes(job("20261127000000000002", "app1", 60_000))), null);
        assertTrue(assertThrows(JobGuard.Refused.class, () -> guard().check(unsigned)).getMessage().contains("unsigned"));
    }

    @Test
    void refusesATamperedJob() throws Exception {
        var signed = sign(master, job("20261127000000000003", "app1", 60_000));
        String tampered = new String(Base64.getDecoder().decode(signed.payload())).replace("test.ping", "cmd.run__");
        var bad = new MasterMessage.SignedJob(Base64.getEncoder().encodeToString(tampered.getBytes()), signed.signature());
        assertTrue(assertThrows(JobGuard.Refused.class, () -> guard().check(bad)).getMessage().contains("bad signature"));
    }

    @Test
    void refusesAJobSignedByAnotherKey() throws Exception {
        var forged = sign(SigningKeys.generate(), job("20261127000000000004", "app1", 60_000));
        assertThrows(JobGuard.Refused.class, () -> guard().check(forged));
    }

    @Test
    void refusesAReplayEvenAfterARestart() throws Exception {
        var signed = sign(master, job("20261127000000000005", "app1", 60_000));
        guard().check(signed);
        assertTrue(assertThrows(JobGuard.Refused.class, () -> guard().check(signed)).getMessage().contains("replayed"));
    }

    @Test
    void refusesAnExpiredJobAndOneForAnotherMinion() throws Exception {
        JobGuard g = guard();
        assertTrue(assertThrows(JobGuard.Refused.class, () -> g.check(sign(master, job("20261127000000000006", "app1", -1))))
                .getMessage().contains("expired"));
        assertTrue(assertThrows(JobGuard.Refused.class, () -> g.check(sign(master, job("20261127000000000007", "db1", 60_000))))
                .getMessage().contains("addressed to db1"));
    }
}
