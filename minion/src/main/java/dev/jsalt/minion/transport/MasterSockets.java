package dev.jsalt.minion.transport;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.wire.Wire;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Socket set-up and shutdown shared by the minion's {@link MasterConnection} and anything that must behave exactly
 * like it on the wire (the master's swarm simulator), so the two cannot drift apart.
 */
public final class MasterSockets {
    private MasterSockets() {
    }

    /**
     * A CURVE DEALER to the master, with a routing id of the minion id and 128 random bits, not yet connected. A random initial reconnect
     * interval and a backoff cap spread a fleet's reconnects after a master restart.
     */
    public static ZMQ.Socket dealer(ZContext ctx, String minionId, CurveKeys own, byte[] masterCurvePublic) {
        ZMQ.Socket d = ctx.createSocket(SocketType.DEALER);
        d.setLinger(0);
        // A routing id nobody else can claim (it is sent encrypted): a squatter can neither take this minion's
        // connection nor keep it from reconnecting. The same socket reconnects under the same id, and the master
        // (ROUTER_HANDOVER) gives it the new connection at once, also while the old one is half-open.
        d.setIdentity(Wire.newRoutingId(minionId).getBytes(StandardCharsets.UTF_8));
        d.setCurvePublicKey(own.publicKey());
        d.setCurveSecretKey(own.secretKey());
        d.setCurveServerKey(masterCurvePublic);
        d.setHeartbeatIvl(5_000);
        d.setHeartbeatTimeout(30_000);
        d.setHeartbeatTtl(30_000);
        // A handshake that stalls (lost ZAP reply, master busy with a wave) is abandoned and retried.
        d.setHandshakeIvl(Wire.HANDSHAKE_TIMEOUT_MILLIS);
        d.setReconnectIVL(500 + ThreadLocalRandom.current().nextInt(1500));
        d.setReconnectIVLMax(30_000);
        d.setMaxMsgSize(Wire.MAX_MESSAGE);
        d.setSndHWM(1000);
        return d;
    }

    /**
     * Stops a poll loop woken through {@code wakeSend}: sends a last wake token, closes the sender and waits up to
     * five seconds for the loop to count {@code stopped} down. The caller clears its running flag first.
     */
    public static void stopLoop(ZMQ.Socket wakeSend, CountDownLatch stopped) {
        synchronized (wakeSend) {
            try {
                wakeSend.send(new byte[]{0}, ZMQ.DONTWAIT);
            } catch (RuntimeException ignored) {
                // the loop also wakes on its tick
            }
            wakeSend.close();
        }
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
