package dev.jsalt.bench;

import dev.jsalt.common.crypto.CurveKeys;
import dev.jsalt.common.wire.MinionMessage;
import dev.jsalt.common.wire.Wire;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's hostile peers (issue 16), run from the bench process against the master's minion port, each on a thread of
 * its own and reconnecting as soon as it is dropped (or after several seconds), so the master meets a steady stream of
 * new hostile connections. The rates are those of a persistent attacker rather than a bandwidth flood: on the bench's
 * machine the attacker shares the master's cores, and a flood would measure only that.
 * <ul>
 *   <li>half are raw TCP connections that speak ZMTP up to a frame header claiming far more than a frame may hold:
 *   60 MB (over the frame limit: refused at the header) or 15 MB (under it: the master sets a buffer aside from its
 *   receive budget before any authentication), then trickle 1 KB of junk into it every 0.5-1.5 s for 2-10 s;</li>
 *   <li>half are CURVE DEALERs with a fresh key each time (for 5-15 s), sending junk every 0.3-1 s: hellos claiming a
 *   swarm minion's id (or an invalid one) with 32 KB of junk grains, random bytes up to 64 KB, three-frame messages,
 *   returns for jobs they were never sent, and one message in fifty of 1 MB.</li>
 * </ul>
 * None of them registers a key, so the keys the soak counts are the fresh swarm's.
 */
final class Rogues implements AutoCloseable {
    private final String host;
    private final int port;
    private final byte[] masterCurvePublic;
    private final int count;
    private final ZContext ctx = new ZContext(1);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    final AtomicLong connections = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong messages = new AtomicLong();

    private final int swarm;

    /** @param swarm the swarm's size: rogues claim the ids of its minions (whose keys are on file, so no claim registers) */
    Rogues(String host, int port, byte[] masterCurvePublic, int count, int swarm) {
        this.host = host;
        this.port = port;
        this.masterCurvePublic = masterCurvePublic;
        this.count = count;
        this.swarm = swarm;
    }

    void start() {
        for (int i = 0; i < count; i++) {
            boolean raw = i % 2 == 0;
            Thread t = new Thread(raw ? this::rawLoop : this::curveLoop, "rogue-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    String summary() {
        return connections.get() + " rogue connections (" + dropped.get() + " dropped by the master), " + messages.get() + " junk messages";
    }

    // ---- raw TCP: a greeting and an oversized frame header -------------------------------------------------------

    private void rawLoop() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] junk = new byte[1024];
        while (running) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 5000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write(greeting());
                out.flush();
                if (in.readNBytes(64).length < 64) {
                    dropped.incrementAndGet();
                    continue;
                }
                connections.incrementAndGet();
                out.write(frameHeader(rnd.nextBoolean() ? 60L << 20 : 15L << 20));
                long until = System.currentTimeMillis() + 2000 + rnd.nextInt(8000);
                while (running && System.currentTimeMillis() < until) {
                    rnd.nextBytes(junk);
                    out.write(junk);
                    out.flush();
                    messages.incrementAndGet();
                    Thread.sleep(500 + rnd.nextInt(1000));
                }
            } catch (IOException e) {
                dropped.incrementAndGet(); // closed by the master (frame limit, receive budget) or refused
            } catch (InterruptedException e) {
                return;
            }
            pause(rnd);
        }
    }

    private static byte[] greeting() {
        byte[] g = new byte[64];
        g[0] = (byte) 0xff;
        g[9] = 0x7f;
        g[10] = 3;
        byte[] mech = "CURVE".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mech, 0, g, 12, mech.length);
        return g;
    }

    private static byte[] frameHeader(long size) {
        byte[] h = new byte[9];
        h[0] = 0x06; // a command frame with a long size
        for (int i = 0; i < 8; i++) h[1 + i] = (byte) (size >>> (56 - 8 * i));
        return h;
    }

    // ---- CURVE with a fresh key: junk ----------------------------------------------------------------------------

    private void curveLoop() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] big = new byte[1 << 20];
        while (running) {
            ZMQ.Socket d = null;
            try {
                CurveKeys key = CurveKeys.generate();
                d = ctx.createSocket(SocketType.DEALER);
                d.setLinger(0);
                d.setSndHWM(20);
                String claimed = BenchLab.SWARM_PREFIX + String.format("%0" + Math.max(4, String.valueOf(swarm - 1).length()) + "d",
                        rnd.nextInt(swarm));
                // Its plain id (what minions used before routing ids were random), or a routing id of the new form.
                d.setIdentity((rnd.nextBoolean() ? claimed : Wire.newRoutingId(claimed)).getBytes(StandardCharsets.UTF_8));
                d.setCurvePublicKey(key.publicKey());
                d.setCurveSecretKey(key.secretKey());
                d.setCurveServerKey(masterCurvePublic);
                d.connect("tcp://" + host + ":" + port);
                connections.incrementAndGet();
                long until = System.currentTimeMillis() + 5000 + rnd.nextInt(10_000);
                while (running && System.currentTimeMillis() < until) {
                    send(d, rnd, claimed, big);
                    while (d.recv(ZMQ.DONTWAIT) != null) {
                        // answers (a "conflict" welcome at most) are read and ignored
                    }
                    Thread.sleep(300 + rnd.nextInt(700));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                dropped.incrementAndGet();
            } finally {
                if (d != null) {
                    try {
                        ctx.destroySocket(d);
                    } catch (RuntimeException ignored) {
                        // context closing
                    }
                }
            }
            pause(rnd);
        }
    }

    private void send(ZMQ.Socket d, ThreadLocalRandom rnd, String claimed, byte[] big) {
        boolean ok;
        // Mostly small junk; one message in fifty is 1 MB (the master must decrypt it before it can drop it).
        switch (rnd.nextInt(10)) {
            case 0, 1 -> ok = d.send(Wire.encode(new MinionMessage.Hello(rnd.nextBoolean() ? claimed : "../" + claimed,
                    Map.of("junk", "j".repeat(32 << 10)), "rogue")), ZMQ.DONTWAIT);
            case 3, 4, 5 -> {
                byte[] b = new byte[1 + rnd.nextInt(2048)];
                rnd.nextBytes(b);
                ok = d.send(b, ZMQ.DONTWAIT);
            }
            case 2 -> {
                if (rnd.nextInt(5) == 0) {
                    rnd.nextBytes(big);
                    ok = d.send(big, ZMQ.DONTWAIT);
                } else {
                    byte[] b = new byte[1 + rnd.nextInt(64 << 10)];
                    rnd.nextBytes(b);
                    ok = d.send(b, ZMQ.DONTWAIT);
                }
            }
            case 6, 7 -> ok = d.send("a", ZMQ.SNDMORE | ZMQ.DONTWAIT) && d.send("b", ZMQ.SNDMORE | ZMQ.DONTWAIT)
                    && d.send("c", ZMQ.DONTWAIT);
            default -> ok = d.send(Wire.encode(new MinionMessage.JobReturn(String.format("%020d", rnd.nextLong(Long.MAX_VALUE)),
                    true, 0, "x".repeat(4096), 1.0)), ZMQ.DONTWAIT);
        }
        if (ok) messages.incrementAndGet();
    }

    private void pause(ThreadLocalRandom rnd) {
        try {
            Thread.sleep(100 + rnd.nextInt(200));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        // No interrupts: an interrupted thread inside JeroMQ closes the context's signalling channels. Each loop looks
        // at the flag at least every few hundred milliseconds (a blocked socket read: within its 5 s timeout).
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        ctx.close();
    }
}
