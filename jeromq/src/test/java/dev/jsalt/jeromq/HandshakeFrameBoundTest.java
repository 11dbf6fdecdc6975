package dev.jsalt.jeromq;

import org.junit.jupiter.api.Test;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;
import zmq.io.StreamEngine;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Before the security handshake is done, a frame can only be a handshake command: a bigger one gets no buffer and
 * its connection is closed (JeroMQ 0.6.0 reserves the whole frame, up to MAXMSGSIZE, as soon as it reads the size
 * header). Once the handshake is done, frames up to MAXMSGSIZE pass as before.
 */
class HandshakeFrameBoundTest {

    /** A ROUTER with CURVE on, MAXMSGSIZE 16 MB, and an allocator that records every buffer size it is asked for. */
    private record Server(ZMQ.Socket router, int port, List<Integer> asked, ZMQ.Curve.KeyPair keys) {
    }

    private static Server server(ZContext ctx) {
        ZMQ.Curve.KeyPair keys = ZMQ.Curve.generateKeyPair();
        List<Integer> asked = new CopyOnWriteArrayList<>();
        ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
        router.setCurveServer(true);
        router.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey));
        router.setMaxMsgSize(16L << 20);
        zmq.msg.MsgAllocator recording = size -> {
            asked.add(size);
            return new Msg(size);
        };
        router.base().setSocketOpt(zmq.ZMQ.ZMQ_MSG_ALLOCATOR, recording);
        router.setReceiveTimeOut(5000);
        int port = router.bindToRandomPort("tcp://127.0.0.1");
        return new Server(router, port, asked, keys);
    }

    @Test
    void aBigFrameBeforeTheHandshakeIsRefusedWithoutABuffer() throws Exception {
        try (ZContext ctx = new ZContext(1)) {
            Server srv = server(ctx);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", srv.port()), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(curveGreeting());
                InputStream in = s.getInputStream();
                assertEquals(64, in.readNBytes(64).length, "the server's greeting");
                // A command frame that claims 15 MB (under MAXMSGSIZE), then a trickle.
                out.write(frameHeader(15L << 20));
                out.write(new byte[1024]);
                out.flush();
                assertTrue(closedByPeer(s), "the server kept a connection that announced a 15 MB frame before its handshake");
            }
            assertTrue(srv.asked().stream().allMatch(n -> n <= StreamEngine.HANDSHAKE_FRAME_MAX),
                    "buffers asked for before authentication: " + srv.asked());
        }
    }

    @Test
    void afterTheHandshakeFramesUpToMaxMsgSizePass() throws Exception {
        try (ZContext ctx = new ZContext(1)) {
            Server srv = server(ctx);
            ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
            dealer.setCurveServerKey(ZMQ.Curve.z85Decode(srv.keys().publicKey));
            dealer.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey));
            dealer.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey));
            dealer.setIdentity("m1".getBytes(StandardCharsets.UTF_8));
            dealer.connect("tcp://127.0.0.1:" + srv.port());
            byte[] big = new byte[2 << 20];
            for (int i = 0; i < big.length; i++) big[i] = (byte) i;
            assertTrue(dealer.send(big, 0));
            byte[] id = srv.router().recv(0);
            assertNotNull(id, "nothing received");
            assertArrayEquals("m1".getBytes(StandardCharsets.UTF_8), id);
            assertArrayEquals(big, srv.router().recv(0));
            dealer.close();
        }
    }

    /** After the handshake, an allocator that knows the peer refuses a big frame: nothing is read into it, nothing arrives. */
    @Test
    void aPeerAwareAllocatorCanRefuseABigFrameAfterTheHandshake() throws Exception {
        try (ZContext ctx = new ZContext(1)) {
            ZMQ.Curve.KeyPair keys = ZMQ.Curve.generateKeyPair();
            List<String> seen = new CopyOnWriteArrayList<>();
            ZMQ.Socket router = ctx.createSocket(SocketType.ROUTER);
            router.setCurveServer(true);
            router.setCurveSecretKey(ZMQ.Curve.z85Decode(keys.secretKey));
            zmq.msg.PeerMsgAllocator strangersSmall = new zmq.msg.PeerMsgAllocator() {
                @Override
                public Msg allocate(int size) { return new Msg(size); }

                @Override
                public Msg allocate(int size, String userId) {
                    seen.add(size + " from " + userId);
                    return size > 64 * 1024 ? new Msg(0) : new Msg(size);
                }
            };
            router.base().setSocketOpt(zmq.ZMQ.ZMQ_MSG_ALLOCATOR, strangersSmall);
            router.setReceiveTimeOut(2000);
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
            ZMQ.Socket dealer = ctx.createSocket(SocketType.DEALER);
            dealer.setCurveServerKey(ZMQ.Curve.z85Decode(keys.publicKey));
            dealer.setCurvePublicKey(ZMQ.Curve.z85Decode(client.publicKey));
            dealer.setCurveSecretKey(ZMQ.Curve.z85Decode(client.secretKey));
            dealer.setLinger(0);
            dealer.connect("tcp://127.0.0.1:" + port);
            assertTrue(dealer.send("small", 0));
            assertNotNull(router.recv(0), "the small message's routing id");
            assertArrayEquals("small".getBytes(StandardCharsets.UTF_8), router.recv(0));
            assertTrue(dealer.send(new byte[1 << 20], 0));
            byte[] next = router.recv(0);
            assertTrue(next == null, "the refused frame arrived after all");
            // (the frame is the CURVE MESSAGE command: the megabyte plus its header, nonce and tag)
            assertTrue(seen.stream().anyMatch(s -> Integer.parseInt(s.split(" ")[0]) > (1 << 20)), "the allocator was asked for the big frame: " + seen);
            dealer.close();
        }
    }

    private static byte[] curveGreeting() {
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

    private static boolean closedByPeer(Socket s) throws Exception {
        try {
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.io.IOException e) {
            return true; // reset
        }
    }
}
